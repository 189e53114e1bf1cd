package io.patio.benchmarks;

import java.io.IOException;

import io.grpc.Server;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

/**
 * The server side of a TCP scenario, run in a JVM of its own. It prints {@code PORT <n>}
 * once it listens on loopback, and exits when its standard input closes (when the harness
 * that started it ends, whichever way).
 */
public final class BenchServer {

	private BenchServer() {
	}

	public static void main(String[] args) throws Exception {
		String kind = args[0];
		AutoCloseable server = switch (kind) {
			case "grpc" -> grpc();
			case "netty-floor" -> nettyFloor(false);
			case "netty-json-floor" -> nettyFloor(true);
			case "patio-tcp-json" -> patio("json");
			case "patio-tcp-cbor" -> patio("cbor");
			case "patio-tcp-pickle" -> patio("pickle");
			case "patio-tcp-json-busy-poll" -> patio("json", PatioTcpPeer.ServerMode.BUSY_POLL);
			case "patio-tcp-json-async" -> patio("json", PatioTcpPeer.ServerMode.ASYNC);
			case "patio-tcp-json-inline" -> patio("json", PatioTcpPeer.ServerMode.INLINE);
			case "patio-tcp-cbor-inline" -> patio("cbor", PatioTcpPeer.ServerMode.INLINE);
			default -> throw new IllegalArgumentException("Unknown server kind " + kind);
		};
		System.out.flush();
		java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
		String line;
		while ((line = in.readLine()) != null) {
			// Commands from the harness, until it closes our standard input.
			if (line.equals("HEAP")) {
				System.out.println("HEAP " + HeapMeter.usedAfterGc());
				System.out.flush();
			}
		}
		server.close();
		System.exit(0);
	}

	private static AutoCloseable grpc() throws IOException {
		Server server = GrpcPeer.serve();
		announce(server.getPort());
		return server::shutdownNow;
	}

	private static AutoCloseable nettyFloor(boolean json) throws InterruptedException {
		EventLoopGroup group = NettyFloorPeer.group(1);
		Channel channel = json ? NettyFloorPeer.serveJson(group) : NettyFloorPeer.serve(group);
		announce(((java.net.InetSocketAddress) channel.localAddress()).getPort());
		return () -> {
			channel.close().sync();
			group.shutdownGracefully();
		};
	}

	private static AutoCloseable patio(String serializer) {
		return patio(serializer, PatioTcpPeer.ServerMode.THREAD_POOL);
	}

	private static AutoCloseable patio(String serializer, PatioTcpPeer.ServerMode mode) {
		io.patio.broker.tcp.TcpServerBroker server = PatioTcpPeer.serve(serializer, mode);
		announce(server.getPort());
		return () -> {
			server.close();
			server.getExecutor().shutdown(java.time.Duration.ofSeconds(5));
		};
	}

	static void announce(int port) {
		System.out.println("PORT " + port);
		System.out.flush();
	}

}
