package io.patio.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.Serializer;

/** patio's own TCP brokers: a server that runs {@code mul} and {@code confirm}, and calling clients. */
final class PatioTcpPeer {

	private PatioTcpPeer() {
	}

	static TcpBrokerOptions options(String serializer) {
		return TcpBrokerOptions.builder()
			.serializer(Serializer.forName(serializer))
			.maxInFlightPerConnection(16_384)
			.defaultTimeout(Duration.ofSeconds(60))
			.build();
	}

	/** A server on loopback port 0 with a thread-pool executor of the default size. */
	static TcpServerBroker serve(String serializer) {
		Registry registry = new Registry();
		BenchTasks tasks = new BenchTasks();
		registry.register("mul", tasks, "mul");
		registry.register("confirm", tasks, "confirm");
		registry.register("hold", tasks, "hold");
		registry.register("release", tasks, "release");
		registry.register("heldCount", tasks, "heldCount");
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, MemoryLoads.WORKERS, 100_000);
		TcpServerBroker server = new TcpServerBroker(executor, options(serializer), "127.0.0.1:0");
		server.start();
		return server;
	}

	/** {@code connections} clients (one connection each) calling round-robin. */
	static Load client(int port, int connections, String serializer, boolean record) {
		TcpClientBroker[] clients = new TcpClientBroker[connections];
		for (int i = 0; i < connections; i++) {
			clients[i] = new TcpClientBroker(new NullPatioExecutor(new Registry()), options(serializer),
					"127.0.0.1:" + port);
			clients[i].connect(Duration.ofSeconds(10));
		}
		BenchTasks.Order order = BenchTasks.Order.sample();
		AtomicInteger next = new AtomicInteger();
		return new Load() {
			@Override
			public CompletableFuture<?> call() {
				TcpClientBroker client = clients[Math.floorMod(next.getAndIncrement(), connections)];
				return record ? client.call("confirm", BenchTasks.Order.class, order)
						: client.call("mul", Integer.class, 6, 7);
			}

			@Override
			public Object expected() {
				return record ? order.confirmed() : 42;
			}

			@Override
			public void close() {
				for (TcpClientBroker client : clients) {
					client.close();
				}
			}
		};
	}

}
