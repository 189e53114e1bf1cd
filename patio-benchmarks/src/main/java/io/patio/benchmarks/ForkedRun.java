package io.patio.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.patio.benchmarks.BenchmarkMain.Mode;
import io.patio.benchmarks.BenchmarkMain.Result;

/**
 * Runs of scenarios in JVMs of their own, as JMH forks one per trial. In a JVM shared by
 * several loads, the JIT compiles the harness and the JDK's own classes for all of them
 * at once: the bare JDK pool and the two patio executors then slow each other down by
 * amounts that vary from run to run, and the comparison measures the mix instead of the
 * scenario.
 */
final class ForkedRun {

	/** The in-memory scenarios by name. */
	static final Map<String, Supplier<Load>> MEMORY = Map.of("jdk-thread-pool", MemoryLoads::jdkPool,
			"patio-memory-thread-pool", () -> MemoryLoads.patio(false), "patio-memory-typed-client",
			MemoryLoads::typedClient, "patio-memory-async", () -> MemoryLoads.patio(true));

	private static final String RESULT = "RESULT ";

	/** What the closed loop allows a first call (30 s) and the drain (60 s). */
	private static final Duration SLACK = Duration.ofSeconds(90);

	private ForkedRun() {
	}

	/**
	 * Runs the named in-memory scenario once in a new JVM and returns what it measured.
	 */
	static Result run(String name, int inFlight, Mode mode) throws IOException, InterruptedException {
		List<String> lines = fork(ForkedRun.class, List.of(name, Integer.toString(inFlight),
				Long.toString(mode.warmup.toMillis()), Long.toString(mode.window.toMillis())), name,
				deadline(mode, Duration.ZERO, 1));
		return parse(name, 1, inFlight, lines.get(lines.size() - 1));
	}

	/**
	 * Runs the named TCP scenario once at each of {@code rows} ({@code {connections,
	 * inFlight}} each) in a new server JVM and a new client JVM ({@link RemoteRun}),
	 * which first calls for {@code mode}'s pre-warm, unmeasured. With one server JVM for
	 * every run of a scenario, one JIT outcome set all its runs (whole scenarios read
	 * fast or slow together, from one full run to the next) and the median of three runs
	 * was one sample; with a client shared by every scenario, each client's profile bent
	 * the others' compiled code. The pre-warm is there because a fresh pair needs longer
	 * than one row's warm-up: gRPC at 128 in flight read 31,520 calls/s after 5 s of it
	 * and 69,770 after 15 s.
	 */
	static List<Result> remote(String name, List<int[]> rows, Mode mode) throws IOException, InterruptedException {
		RemoteScenarios.Remote scenario = RemoteScenarios.get(name);
		try (ServerProcess server = ServerProcess.start(scenario.serverKind())) {
			List<String> args = new ArrayList<>(
					List.of(name, Integer.toString(server.port()), Long.toString(mode.warmup.toMillis()),
							Long.toString(mode.window.toMillis()), Long.toString(mode.preWarm.toMillis())));
			for (int[] row : rows) {
				args.add(row[0] + "x" + row[1]);
			}
			List<String> lines = fork(RemoteRun.class, args, name, deadline(mode, mode.preWarm, rows.size()));
			if (lines.size() != rows.size()) {
				throw new IOException(
						"The forked client of " + name + " measured " + lines.size() + " of " + rows.size() + " rows");
			}
			List<Result> results = new ArrayList<>();
			for (int i = 0; i < rows.size(); i++) {
				results.add(parse(name, rows.get(i)[0], rows.get(i)[1], lines.get(i)));
			}
			return results;
		}
	}

	/**
	 * Runs {@code main} with {@code args} in a new JVM; returns its RESULT lines. A JVM
	 * that has not ended by {@code deadline} is killed and the run fails.
	 */
	static List<String> fork(Class<?> main, List<String> args, String name, Duration deadline)
			throws IOException, InterruptedException {
		Process process = new ProcessBuilder(ServerProcess.javaCommand(main, args.toArray(String[]::new)))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try {
			process.getOutputStream().close();
			List<String> results = java.util.Collections.synchronizedList(new ArrayList<>());
			Thread reader = new Thread(() -> {
				try (BufferedReader out = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = out.readLine()) != null) {
						if (line.startsWith(RESULT)) {
							results.add(line.substring(RESULT.length()));
						}
					}
				}
				catch (IOException ex) {
					// the process was killed: its exit says what happened
				}
			}, "forked-run-output");
			reader.setDaemon(true);
			reader.start();
			if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IOException("The forked run of " + name + " did not end within " + deadline.toSeconds()
						+ " s; it was killed");
			}
			reader.join(TimeUnit.SECONDS.toMillis(10));
			int exit = process.exitValue();
			if (results.isEmpty() || exit != 0) {
				throw new IOException(
						"The forked run of " + name + " exited with " + exit + " after " + results.size() + " results");
			}
			return new ArrayList<>(results);
		}
		finally {
			if (process.isAlive()) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	/**
	 * How long a run may take: its warm-ups and windows, and for each measurement the
	 * minute and a half the closed loop may wait on a first call and on the calls it
	 * drains.
	 */
	private static Duration deadline(Mode mode, Duration preWarm, int measurements) {
		Duration each = mode.warmup.plus(mode.window).plus(SLACK);
		return preWarm.plus(SLACK).plus(each.multipliedBy(measurements)).plus(Duration.ofSeconds(60));
	}

	private static Result parse(String name, int connections, int inFlight, String line) {
		String[] values = line.trim().split(" ");
		return new Result(name, connections, inFlight, Double.parseDouble(values[0]), Double.parseDouble(values[1]),
				Double.parseDouble(values[2]), Double.parseDouble(values[3]), null);
	}

	/** Prints one RESULT line: calls/s, then p50, p99 and p99.9 in µs. */
	static void print(ClosedLoop.Measurement m) {
		System.out.println(String.format(Locale.ROOT, "%s%.1f %.3f %.3f %.3f", RESULT, m.callsPerSecond(), m.micros(50),
				m.micros(99), m.micros(99.9)));
		System.out.flush();
	}

	/** {@code name inFlight warmupMillis windowMillis}: prints one RESULT line. */
	public static void main(String[] args) {
		try {
			Supplier<Load> scenario = MEMORY.get(args[0]);
			if (scenario == null) {
				throw new IllegalArgumentException(
						"Unknown in-memory scenario " + args[0] + "; known: " + MEMORY.keySet());
			}
			int inFlight = Integer.parseInt(args[1]);
			try (Load load = scenario.get()) {
				print(ClosedLoop.run(load, inFlight, Duration.ofMillis(Long.parseLong(args[2])),
						Duration.ofMillis(Long.parseLong(args[3]))));
			}
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			System.exit(1);
		}
		System.exit(0);
	}

}
