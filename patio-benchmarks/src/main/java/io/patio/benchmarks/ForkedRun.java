package io.patio.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.patio.benchmarks.BenchmarkMain.Mode;
import io.patio.benchmarks.BenchmarkMain.Result;

/**
 * One run of a scenario in a JVM of its own, as JMH forks one per trial. In a JVM shared
 * by several loads, the JIT compiles the harness and the JDK's own classes for all of
 * them at once: the bare JDK pool and the two patio executors then slow each other down
 * by amounts that vary from run to run, and the comparison measures the mix instead of
 * the scenario.
 */
final class ForkedRun {

	/** The in-memory scenarios by name. */
	static final Map<String, Supplier<Load>> MEMORY = Map.of("jdk-thread-pool", MemoryLoads::jdkPool,
			"patio-memory-thread-pool", () -> MemoryLoads.patio(false), "patio-memory-typed-client",
			MemoryLoads::typedClient, "patio-memory-async", () -> MemoryLoads.patio(true));

	private static final String RESULT = "RESULT ";

	private ForkedRun() {
	}

	/**
	 * Runs the named in-memory scenario once in a new JVM and returns what it measured.
	 */
	static Result run(String name, int inFlight, Mode mode) throws IOException, InterruptedException {
		return fork(name, 1, inFlight, mode);
	}

	/**
	 * Runs the named TCP scenario once: a new server JVM, and a new JVM for its client.
	 * With one server JVM for every run of a scenario, one JIT outcome set all its runs
	 * (whole scenarios read fast or slow together, from one full run to the next) and the
	 * median of three runs was one sample; with a client shared by every scenario, each
	 * client's profile bent the others' compiled code.
	 */
	static Result remote(String name, int connections, int inFlight, Mode mode)
			throws IOException, InterruptedException {
		RemoteScenarios.Remote scenario = RemoteScenarios.get(name);
		try (ServerProcess server = ServerProcess.start(scenario.serverKind())) {
			return fork(name, connections, inFlight, mode, Integer.toString(server.port()),
					Integer.toString(connections));
		}
	}

	private static Result fork(String name, int connections, int inFlight, Mode mode, String... remote)
			throws IOException, InterruptedException {
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(name, Integer.toString(inFlight),
				Long.toString(mode.warmup.toMillis()), Long.toString(mode.window.toMillis())));
		args.addAll(java.util.List.of(remote));
		Process process = new ProcessBuilder(ServerProcess.javaCommand(ForkedRun.class, args.toArray(String[]::new)))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		process.getOutputStream().close();
		String result = null;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				if (line.startsWith(RESULT)) {
					result = line.substring(RESULT.length());
				}
			}
		}
		int exit = process.waitFor();
		if (result == null || exit != 0) {
			throw new IOException("The forked run of " + name + " at " + inFlight + " in flight exited with " + exit
					+ " and no result");
		}
		String[] values = result.trim().split(" ");
		return new Result(name, connections, inFlight, Double.parseDouble(values[0]), Double.parseDouble(values[1]),
				Double.parseDouble(values[2]), Double.parseDouble(values[3]), null);
	}

	/**
	 * {@code name inFlight warmupMillis windowMillis [port connections]}: prints one
	 * RESULT line. With a port, {@code name} is a TCP scenario whose server listens
	 * there.
	 */
	public static void main(String[] args) throws Exception {
		int inFlight = Integer.parseInt(args[1]);
		try (Load load = open(args)) {
			ClosedLoop.Measurement m = ClosedLoop.run(load, inFlight, Duration.ofMillis(Long.parseLong(args[2])),
					Duration.ofMillis(Long.parseLong(args[3])));
			System.out.println(String.format(Locale.ROOT, "%s%.1f %.3f %.3f %.3f", RESULT, m.callsPerSecond(),
					m.micros(50), m.micros(99), m.micros(99.9)));
		}
		System.exit(0);
	}

	private static Load open(String[] args) throws Exception {
		if (args.length > 4) {
			return RemoteScenarios.get(args[0]).open(Integer.parseInt(args[4]), Integer.parseInt(args[5]));
		}
		Supplier<Load> scenario = MEMORY.get(args[0]);
		if (scenario == null) {
			throw new IllegalArgumentException("Unknown in-memory scenario " + args[0] + "; known: " + MEMORY.keySet());
		}
		return scenario.get();
	}

}
