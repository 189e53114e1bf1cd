package io.patio.benchmarks;

import java.time.Duration;

/**
 * The client JVM of one run of a TCP scenario ({@link ForkedRun#remote}):
 * {@code name port warmupMillis windowMillis preWarmMillis CxN...}. It calls at 128 in
 * flight on one connection for the pre-warm, unmeasured, then measures each
 * {@code connections x inFlight} row in turn, each on connections of its own after a
 * warm-up of its own, and prints a RESULT line for each.
 */
public final class RemoteRun {

	/** The pre-warm's calls in flight: the level the targets are read at. */
	private static final int PRE_WARM_IN_FLIGHT = 128;

	private RemoteRun() {
	}

	public static void main(String[] args) {
		try {
			run(args);
		}
		catch (Throwable ex) {
			// a thread of a half-opened load must not keep this JVM, and the harness
			// waiting on it, alive
			ex.printStackTrace();
			System.exit(1);
		}
		System.exit(0);
	}

	private static void run(String[] args) throws Exception {
		RemoteScenarios.Remote scenario = RemoteScenarios.get(args[0]);
		int port = Integer.parseInt(args[1]);
		Duration warmup = Duration.ofMillis(Long.parseLong(args[2]));
		Duration window = Duration.ofMillis(Long.parseLong(args[3]));
		Duration preWarm = Duration.ofMillis(Long.parseLong(args[4]));
		if (!preWarm.isZero()) {
			try (Load load = scenario.open(port, 1)) {
				ClosedLoop.run(load, PRE_WARM_IN_FLIGHT, preWarm, Duration.ofMillis(1));
			}
		}
		for (int i = 5; i < args.length; i++) {
			String[] row = args[i].split("x");
			try (Load load = scenario.open(port, Integer.parseInt(row[0]))) {
				ForkedRun.print(ClosedLoop.run(load, Integer.parseInt(row[1]), warmup, window));
			}
		}
	}

}
