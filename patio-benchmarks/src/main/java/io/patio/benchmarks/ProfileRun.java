package io.patio.benchmarks;

import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One TCP scenario at one level for a long window, for a profiler: {@code java
 * -XX:StartFlightRecording=... -cp patio-benchmarks.jar io.patio.benchmarks.ProfileRun
 * patio-tcp-json 128 30}. The server runs in a JVM of its own that inherits this JVM's
 * flags, so a recording flag set here records both sides (give JFR a directory as its
 * {@code filename}, so that each JVM writes a file of its own). It prints the rate and
 * the CPU time each side spent per call, counted after a warm-up run: on a machine others
 * share, CPU per call moves far less than calls per second.
 */
public final class ProfileRun {

	private ProfileRun() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.out.println("Usage: ProfileRun <scenario> <in-flight> [seconds]; scenarios: "
					+ String.join(", ", RemoteScenarios.names()));
			return;
		}
		String scenario = args[0];
		int inFlight = Integer.parseInt(args[1]);
		Duration window = Duration.ofSeconds((args.length > 2) ? Integer.parseInt(args[2]) : 30);
		RemoteScenarios.Remote remote = RemoteScenarios.get(scenario);
		try (ServerProcess server = ServerProcess.start(remote.serverKind());
				Load load = remote.open(server.port(), 1)) {
			LongAdder calls = new LongAdder();
			Load counted = new Load() {
				@Override
				public CompletableFuture<?> call() {
					calls.increment();
					return load.call();
				}

				@Override
				public void close() {
				}
			};
			// a first run warms both sides up, so that the JIT's own threads are mostly
			// done before the CPU is counted
			ClosedLoop.run(load, inFlight, Duration.ofSeconds(5), Duration.ofSeconds(1));
			long clientCpu = processCpuNanos();
			long serverCpu = server.cpuNanos();
			ClosedLoop.Measurement m = ClosedLoop.run(counted, inFlight, Duration.ofMillis(500), window);
			double n = calls.sum();
			// CPU per call, both sides: steadier than calls/s on a machine others share
			System.out.printf(Locale.ROOT,
					"%s inFlight=%d %,.0f calls/s p50=%.1fµs cpu/call client=%.2fµs server=%.2fµs%n", scenario,
					inFlight, m.callsPerSecond(), m.micros(50), (processCpuNanos() - clientCpu) / n / 1000,
					(server.cpuNanos() - serverCpu) / n / 1000);
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
