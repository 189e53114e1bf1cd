package io.patio.benchmarks;

import java.io.IOException;

import io.grpc.Server;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

/**
 * The server side of a TCP scenario, run in a JVM of its own. It prints {@code PORT <n>} once
 * it listens on loopback, and exits when its standard input closes (when the harness that
 * started it ends, whichever way).
 */
public final class BenchServer {

	private BenchServer() {
	}

	public static void main(String[] args) throws Exception {
		String kind = args[0];
		AutoCloseable server = switch (kind) {
			case "grpc" -> grpc();
			case "netty-floor" -> nettyFloor();
			default -> throw new IllegalArgumentException("Unknown server kind " + kind);
		};
		System.out.flush();
		while (System.in.read() >= 0) {
			// Wait for the harness to close our standard input.
		}
		server.close();
		System.exit(0);
	}

	private static AutoCloseable grpc() throws IOException {
		Server server = GrpcPeer.serve();
		announce(server.getPort());
		return server::shutdownNow;
	}

	private static AutoCloseable nettyFloor() throws InterruptedException {
		EventLoopGroup group = NettyFloorPeer.group(1);
		Channel channel = NettyFloorPeer.serve(group);
		announce(((java.net.InetSocketAddress) channel.localAddress()).getPort());
		return () -> {
			channel.close().sync();
			group.shutdownGracefully();
		};
	}

	static void announce(int port) {
		System.out.println("PORT " + port);
		System.out.flush();
	}

}
