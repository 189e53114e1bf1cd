package io.patio.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.executor.NullPatioExecutor;
import io.patio.registry.Registry;
import io.patio.benchmarks.BenchmarkMain.Result;

/**
 * Heap use of patio's TCP brokers: with many calls in flight on one connection, and per
 * idle connection. The caller's heap is read in this JVM, the worker's in its own.
 */
final class MemoryScenarios {

	private MemoryScenarios() {
	}

	/**
	 * Heap retained by {@code calls} calls in flight on one connection, on the caller and
	 * on the worker.
	 */
	static List<Result> callsInFlight(ServerProcess server, int calls) throws Exception {
		TcpBrokerOptions options = PatioTcpPeer.options("json");
		try (TcpClientBroker client = new TcpClientBroker(new NullPatioExecutor(new Registry()), options,
				"127.0.0.1:" + server.port())) {
			client.connect(Duration.ofSeconds(10));
			client.call("release", Integer.class).get(10, TimeUnit.SECONDS);
			long callerBefore = HeapMeter.usedAfterGc();
			long workerBefore = server.heapUsed();
			List<CompletableFuture<Integer>> held = new ArrayList<>(calls);
			for (int i = 0; i < calls; i++) {
				held.add(client.call("hold", Integer.class));
			}
			// Once the worker holds them all, every call is in flight on both sides.
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (client.call("heldCount", Integer.class).get(10, TimeUnit.SECONDS) < calls) {
				for (CompletableFuture<Integer> call : held) {
					if (call.isCompletedExceptionally()) {
						call.join(); // says why the calls could not all be in flight
					}
				}
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("The worker did not receive " + calls + " calls within 60 s");
				}
			}
			long callerDuring = HeapMeter.usedAfterGc();
			long workerDuring = server.heapUsed();
			int released = 0;
			while (released < calls) {
				released += client.call("release", Integer.class).get(30, TimeUnit.SECONDS);
			}
			CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			return List.of(
					new Result("heap-calls-in-flight-caller", 1, calls, 0, 0, 0, 0,
							Math.max(callerDuring - callerBefore, 0)),
					new Result("heap-calls-in-flight-worker", 1, calls, 0, 0, 0, 0,
							Math.max(workerDuring - workerBefore, 0)));
		}
	}

	/** Heap per idle connection on the server, with {@code clients} clients connected. */
	static Result idleConnections(ServerProcess server, int clients) throws Exception {
		TcpBrokerOptions options = PatioTcpPeer.options("json").toBuilder().eventLoopThreads(1).build();
		long before = server.heapUsed();
		List<TcpClientBroker> open = new ArrayList<>();
		try {
			for (int i = 0; i < clients; i++) {
				TcpClientBroker client = new TcpClientBroker(new NullPatioExecutor(new Registry()), options,
						"127.0.0.1:" + server.port());
				open.add(client);
				client.connect(Duration.ofSeconds(10));
			}
			long after = server.heapUsed();
			return new Result("heap-per-idle-connection", clients, 0, 0, 0, 0, 0,
					Math.max(after - before, 0) / clients);
		}
		finally {
			open.parallelStream().forEach(TcpClientBroker::close);
		}
	}

}
