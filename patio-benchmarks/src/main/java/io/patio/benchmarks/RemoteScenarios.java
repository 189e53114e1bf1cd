package io.patio.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCP scenarios by name: which server each one calls and how its client calls it. The
 * suite, {@link ForkedRun} and {@link ProfileRun} all take their scenarios from here.
 */
final class RemoteScenarios {

	/** A TCP scenario: the {@link BenchServer} kind it calls, and its client. */
	record Remote(String name, String serverKind, Suite.RemoteLoad client) {

		Load open(int port, int connections) throws Exception {
			return this.client.open(port, connections);
		}

	}

	private static final Map<String, Remote> ALL = new LinkedHashMap<>();

	static {
		patio("patio-tcp-json", "patio-tcp-json", "json", false);
		patio("patio-tcp-json-record", "patio-tcp-json", "json", true);
		patio("patio-tcp-json-busy-poll", "patio-tcp-json-busy-poll", "json", false);
		patio("patio-tcp-json-async", "patio-tcp-json-async", "json", false);
		// mul and confirm declared inline: run on the server's event loop
		patio("patio-tcp-json-inline", "patio-tcp-json-inline", "json", false);
		patio("patio-tcp-json-inline-record", "patio-tcp-json-inline", "json", true);
		patio("patio-tcp-cbor", "patio-tcp-cbor", "cbor", false);
		patio("patio-tcp-cbor-inline", "patio-tcp-cbor-inline", "cbor", false);
		patio("patio-tcp-pickle", "patio-tcp-pickle", "pickle", false);
		add("netty-floor", "netty-floor",
				(port, connections) -> NettyFloorPeer.client(port, connections, Suite.MUL_REQUEST));
		add("netty-json-floor", "netty-json-floor",
				(port, connections) -> NettyFloorPeer.client(port, connections, Suite.MUL_REQUEST));
		add("grpc", "grpc",
				(port, connections) -> GrpcPeer.client(port, connections, Suite.MUL_REQUEST, 42, Integer.class));
		add("grpc-record", "grpc", (port, connections) -> GrpcPeer.client(port, connections, Suite.CONFIRM_REQUEST,
				BenchTasks.Order.sample().confirmed(), BenchTasks.Order.class));
	}

	private RemoteScenarios() {
	}

	private static void patio(String name, String serverKind, String serializer, boolean record) {
		add(name, serverKind, (port, connections) -> PatioTcpPeer.client(port, connections, serializer, record));
	}

	private static void add(String name, String serverKind, Suite.RemoteLoad client) {
		ALL.put(name, new Remote(name, serverKind, client));
	}

	/** The named scenario; an error that lists the known ones otherwise. */
	static Remote get(String name) {
		Remote remote = ALL.get(name);
		if (remote == null) {
			throw new IllegalArgumentException("Unknown TCP scenario " + name + "; known: " + ALL.keySet());
		}
		return remote;
	}

	/** Every scenario's name, in the order the suite reports them. */
	static Iterable<String> names() {
		return ALL.keySet();
	}

}
