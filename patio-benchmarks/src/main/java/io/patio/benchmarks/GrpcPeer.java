package io.patio.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.patio.serializer.WireMapper;
import tools.jackson.databind.JsonNode;

/**
 * gRPC-java unary calls carrying the same JSON payloads as patio's JSON serializer, with
 * a byte-array marshaller so that no code generator is needed. The server runs handlers
 * on a pool of the same size as patio's default executor.
 */
final class GrpcPeer {

	private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	};

	static final MethodDescriptor<byte[], byte[]> CALL = MethodDescriptor.<byte[], byte[]>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName("patio.Bench/Call")
		.setRequestMarshaller(BYTES)
		.setResponseMarshaller(BYTES)
		.build();

	private GrpcPeer() {
	}

	/** Starts a server on loopback; returns it with its port. */
	static Server serve() throws IOException {
		ExecutorService workers = Executors.newFixedThreadPool(MemoryLoads.WORKERS);
		BenchTasks tasks = new BenchTasks();
		ServerServiceDefinition service = ServerServiceDefinition.builder("patio.Bench")
			.addMethod(CALL, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> response) -> {
				response.onNext(handle(tasks, request));
				response.onCompleted();
			}))
			.build();
		return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.executor(workers)
			.addService(service)
			.build()
			.start();
	}

	/** Decodes a patio REQUEST payload, runs the task, encodes the result. */
	static byte[] handle(BenchTasks tasks, byte[] request) {
		JsonNode call = WireMapper.json().readTree(request);
		JsonNode args = call.get("args");
		Object result = switch (call.get("func").asString()) {
			case "mul" -> tasks.mul(args.get(0).asInt(), args.get(1).asInt());
			case "confirm" -> tasks.confirm(WireMapper.json().treeToValue(args.get(0), BenchTasks.Order.class));
			default -> throw new IllegalArgumentException("unknown task");
		};
		return WireMapper.json().writeValueAsBytes(result);
	}

	/** A client load over {@code channels} channels, spreading calls round-robin. */
	static Load client(int port, int channels, byte[] request, Object expected, Class<?> resultType) {
		ManagedChannel[] open = new ManagedChannel[channels];
		for (int i = 0; i < channels; i++) {
			// Callbacks on the event loop, as patio completes its futures there.
			open[i] = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
		}
		java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
		return new Load() {
			@Override
			public CompletableFuture<?> call() {
				ManagedChannel channel = open[Math.floorMod(next.getAndIncrement(), channels)];
				CompletableFuture<Object> result = new CompletableFuture<>();
				ClientCalls.asyncUnaryCall(channel.newCall(CALL, CallOptions.DEFAULT), request,
						new StreamObserver<byte[]>() {
							@Override
							public void onNext(byte[] value) {
								result.complete(WireMapper.json().readValue(value, resultType));
							}

							@Override
							public void onError(Throwable error) {
								result.completeExceptionally(error);
							}

							@Override
							public void onCompleted() {
							}
						});
				return result;
			}

			@Override
			public Object expected() {
				return expected;
			}

			@Override
			public void close() {
				for (ManagedChannel channel : open) {
					channel.shutdownNow();
					try {
						channel.awaitTermination(5, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}
		};
	}

}
