package io.patio.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.patio.benchmarks.BenchmarkMain.Mode;
import io.patio.benchmarks.BenchmarkMain.Result;
import io.patio.executor.VirtualThreadPatioExecutor;
import io.patio.serializer.WireMapper;

/** Every scenario, in the order they run. */
final class Suite {

	/** The REQUEST payload of {@code mul(6, 7)}, as patio's JSON serializer writes it. */
	static final byte[] MUL_REQUEST = "{\"func\":\"mul\",\"args\":[6,7],\"kwargs\":{},\"timeout\":null}"
		.getBytes(java.nio.charset.StandardCharsets.UTF_8);

	static final byte[] CONFIRM_REQUEST = WireMapper.json()
		.writeValueAsBytes(java.util.Map.of("func", "confirm", "args", List.of(BenchTasks.Order.sample()), "kwargs",
				java.util.Map.of()));

	/**
	 * Calls a fresh process pool makes before it is measured: about 25,000 per worker,
	 * past the invocation counts at which C2 compiles.
	 */
	private static final long PROCESS_POOL_WARM_UP_CALLS = 100_000;

	private final Mode mode;

	private final List<String> only;

	private final List<Result> results = new ArrayList<>();

	Suite(Mode mode, List<String> only) {
		this.mode = mode;
		this.only = only;
	}

	List<Result> run() throws Exception {
		int[] memoryLevels = this.mode.allLevels ? new int[] { 1, 128, 1024 } : new int[] { 1, 128 };
		int[] tcpLevels = this.mode.allLevels ? new int[] { 1, 16, 128, 1024 } : new int[] { 1, 16 };
		// The floor and patio take turns run by run, so that drift on a shared machine
		// (these rates moved by a fifth between runs minutes apart) does not favour
		// either;
		// each run has a JVM of its own, so that no load's JIT profile slows another.
		interleaved(memoryLevels, "jdk-thread-pool", "patio-memory-thread-pool", "patio-memory-typed-client",
				"patio-memory-async");
		processPools(new int[] { 1, 128 });
		blocking();
		int[] variantLevels = (this.mode == Mode.FULL) ? new int[] { 1, 16, 128 } : new int[] { 1 };
		int[] recordLevel = { 128 };
		List<Row> tcp = new ArrayList<>();
		tcp("patio-tcp-json", tcpLevels, true, tcp);
		tcp("patio-tcp-json-record", recordLevel, false, tcp);
		tcp("patio-tcp-json-busy-poll", variantLevels, false, tcp);
		if (this.mode != Mode.QUICK) { // informational; quick mode stays short
			tcp("patio-tcp-json-async", variantLevels, false, tcp);
		}
		tcp("patio-tcp-json-inline", tcpLevels, true, tcp);
		tcp("patio-tcp-json-inline-record", recordLevel, false, tcp);
		tcp("patio-tcp-cbor", tcpLevels, true, tcp);
		tcp("patio-tcp-cbor-inline", tcpLevels, true, tcp);
		tcp("patio-tcp-pickle", tcpLevels, true, tcp);
		tcp("netty-floor", tcpLevels, true, tcp);
		tcp("netty-json-floor", tcpLevels, true, tcp);
		tcp("grpc", tcpLevels, true, tcp);
		tcp("grpc-record", recordLevel, false, tcp);
		interleavedRemote(tcp);
		pythonClients(this.mode.allLevels ? new int[] { 1, 16, 128 } : new int[] { 1 });
		rabbitmq(this.mode.allLevels ? new int[] { 1, 128 } : new int[] { 1 });
		heap();
		return this.results;
	}

	/**
	 * A task that blocks 10 ms, 1,000 calls in flight: the thread pool with its default 4
	 * threads and with a thread per call in flight, against virtual threads, which need
	 * Java 21 or later (run the harness with one to get that row).
	 */
	private void blocking() throws Exception {
		int[] level = { BlockingLoads.IN_FLIGHT };
		memory("blocking-thread-pool-4", level, () -> BlockingLoads.threadPool(MemoryLoads.WORKERS));
		memory("blocking-thread-pool-1000", level, () -> BlockingLoads.threadPool(BlockingLoads.IN_FLIGHT));
		if (VirtualThreadPatioExecutor.isSupported()) {
			memory("blocking-virtual-threads", level, BlockingLoads::virtualThreads);
		}
		else if (selected("blocking-virtual-threads")) {
			System.out.println("blocking-virtual-threads     skipped: virtual threads need Java 21 or later, this is "
					+ Runtime.version().feature());
		}
	}

	/**
	 * Our process pool and Python's {@code ProcessPoolExecutor}, as many workers each,
	 * taking turns run by run (the second skipped with a message without python3). Our
	 * pool is started once and its workers' JIT warmed first, as a long-running pool's
	 * is: a fresh pool spends the harness's warm-up compiling (see
	 * {@link ProcessPoolLoads#warm}).
	 */
	private void processPools(int[] levels) throws Exception {
		String name = "patio-memory-process-pool";
		boolean patio = selected(name);
		java.util.Optional<PythonProcessPoolRow> python = selected(PythonProcessPoolRow.NAME)
				? PythonProcessPoolRow.find() : java.util.Optional.empty();
		try (Load pool = patio ? ProcessPoolLoads.pool() : null) {
			if (pool != null && this.mode != Mode.SMOKE) {
				ProcessPoolLoads.warm(pool, 128, PROCESS_POOL_WARM_UP_CALLS, java.time.Duration.ofSeconds(60));
			}
			for (int inFlight : levels) {
				List<Result> onPatio = new ArrayList<>();
				List<Result> onPython = new ArrayList<>();
				for (int run = 0; run < this.mode.runs; run++) {
					if (pool != null) {
						onPatio.add(once(name, 1, inFlight, pool));
					}
					if (python.isPresent()) {
						onPython.add(python.get().run(MemoryLoads.WORKERS, inFlight, this.mode));
					}
				}
				if (pool != null) {
					report(name, 1, inFlight, onPatio);
				}
				if (python.isPresent()) {
					report(PythonProcessPoolRow.NAME, 1, inFlight, onPython);
				}
			}
		}
	}

	/** The real Python client against our pickle server and against a Python server. */
	private void pythonClients(int[] levels) throws Exception {
		if (!selected("python-client")) {
			return;
		}
		java.util.Optional<PythonClientRows> rows = PythonClientRows.find();
		if (rows.isPresent()) {
			for (Result result : rows.get().run(levels, this.mode)) {
				report(result.name(), result.connections(), result.inFlight(), List.of(result));
			}
		}
	}

	/**
	 * patio-rabbitmq and Spring AMQP's request/reply on one node; at 128 in flight also
	 * the prefetch the default is chosen by.
	 */
	private void rabbitmq(int[] levels) throws Exception {
		if (!selected("patio-rabbitmq") && !selected("spring-amqp") && !selected("python-patio-rabbitmq")) {
			return;
		}
		try (RabbitRows rabbit = RabbitRows.open()) {
			if (rabbit == null) {
				return;
			}
			int defaultPrefetch = 0; // the broker's default: 32 per executor thread
			List<Result> rows = new ArrayList<>();
			rows.addAll(RabbitRows.measure("patio-rabbitmq-json", levels, this.mode,
					() -> rabbit.patio("json", defaultPrefetch)));
			rows.addAll(RabbitRows.measure("patio-rabbitmq-pickle", levels, this.mode,
					() -> rabbit.patio("pickle", defaultPrefetch)));
			if (this.mode.allLevels) {
				for (int prefetch : new int[] { RabbitRows.WORKERS, 2 * RabbitRows.WORKERS, 8 * RabbitRows.WORKERS }) {
					rows.addAll(RabbitRows.measure("patio-rabbitmq-json-prefetch-" + prefetch, new int[] { 128 },
							this.mode, () -> rabbit.patio("json", prefetch)));
				}
			}
			rows.addAll(RabbitRows.measure("spring-amqp-json", levels, this.mode,
					() -> SpringAmqpPeer.open(rabbit.uri(), 250)));
			java.util.Optional<PythonRabbitRows> python = PythonRabbitRows.find();
			if (python.isPresent()) {
				rows.addAll(python.get().run(rabbit.uri(), levels, this.mode));
			}
			for (Result result : rows) {
				report(result.name(), 1, result.inFlight(), List.of(result));
			}
		}
	}

	private void heap() throws Exception {
		if (!selected("heap")) {
			return;
		}
		int calls = this.mode.allLevels ? 10_000 : 500;
		int clients = this.mode.allLevels ? 1_000 : 20;
		try (ServerProcess server = ServerProcess.start("patio-tcp-json")) {
			for (Result result : MemoryScenarios.callsInFlight(server, calls)) {
				report(result);
			}
			report(MemoryScenarios.idleConnections(server, clients));
		}
	}

	private void report(Result result) {
		this.results.add(result);
		System.out.printf(java.util.Locale.ROOT, "%-28s conns=%d inFlight=%-5d heap=%,d bytes%n", result.name(),
				result.connections(), result.inFlight(), result.heapBytes());
	}

	/**
	 * Whether {@code --only} selects {@code name}: by prefix, or exactly with a
	 * {@code $}.
	 */
	private boolean selected(String name) {
		return this.only.isEmpty() || this.only.stream()
			.anyMatch((p) -> p.endsWith("$") ? name.equals(p.substring(0, p.length() - 1)) : name.startsWith(p));
	}

	private void memory(String name, int[] levels, Supplier<Load> loads) throws Exception {
		if (!selected(name)) {
			return;
		}
		for (int inFlight : levels) {
			measure(name, 1, inFlight, loads::get);
		}
	}

	/**
	 * Each level: every run of every selected scenario in turn, then their medians, in
	 * the given order.
	 */
	/**
	 * In-memory scenarios, each run in a JVM of its own ({@link ForkedRun}), taking turns
	 * run by run.
	 */
	private void interleaved(int[] levels, String... names) throws Exception {
		for (int inFlight : levels) {
			List<List<Result>> runs = new ArrayList<>();
			for (int i = 0; i < names.length; i++) {
				runs.add(new ArrayList<>());
			}
			// Two more runs than elsewhere: a run here takes seconds, and the floor and
			// patio
			// are compared with each other, so their medians should sit still.
			int repeat = (this.mode == Mode.FULL) ? this.mode.runs + 2 : this.mode.runs;
			for (int run = 0; run < repeat; run++) {
				for (int i = 0; i < names.length; i++) {
					if (selected(names[i])) {
						runs.get(i).add(ForkedRun.run(names[i], inFlight, this.mode));
					}
				}
			}
			for (int i = 0; i < names.length; i++) {
				if (!runs.get(i).isEmpty()) {
					report(names[i], 1, inFlight, runs.get(i));
				}
			}
		}
	}

	/**
	 * Adds the rows of a TCP scenario, if selected: one connection at each level, and
	 * four connections with 128 in flight each if asked.
	 */
	private void tcp(String name, int[] levels, boolean fourConnections, List<Row> rows) {
		RemoteScenarios.get(name); // a misspelt name fails now, not minutes into the run
		if (!selected(name)) {
			return;
		}
		for (int inFlight : levels) {
			rows.add(new Row(name, 1, inFlight));
		}
		if (fourConnections) {
			rows.add(new Row(name, 4, 4 * 128));
		}
	}

	/**
	 * TCP rows: each run of a scenario has a new server JVM and a new client JVM, which
	 * measure all its rows ({@link ForkedRun#remote}), so that each median covers as many
	 * JIT outcomes as runs. The scenarios take turns run by run, in one order and then
	 * the other, so that drift on a shared machine favours none.
	 */
	private void interleavedRemote(List<Row> rows) throws Exception {
		java.util.Map<String, List<Row>> scenarios = new java.util.LinkedHashMap<>();
		java.util.Map<Row, List<Result>> runs = new java.util.LinkedHashMap<>();
		for (Row row : rows) {
			scenarios.computeIfAbsent(row.name(), (k) -> new ArrayList<>()).add(row);
			runs.put(row, new ArrayList<>());
		}
		List<String> order = new ArrayList<>(scenarios.keySet());
		for (int run = 0; run < this.mode.runs; run++) {
			for (String name : order) {
				List<Row> of = scenarios.get(name);
				List<Result> results = ForkedRun.remote(name,
						of.stream().map((r) -> new int[] { r.connections(), r.inFlight() }).toList(), this.mode);
				for (int i = 0; i < of.size(); i++) {
					Result result = results.get(i);
					runs.get(of.get(i)).add(result);
					System.out.printf(java.util.Locale.ROOT,
							"  run %d  %-28s conns=%d inFlight=%-5d %,12.0f calls/s  p50=%.1fµs%n", run + 1, name,
							result.connections(), result.inFlight(), result.callsPerSecond(), result.p50Micros());
				}
			}
			java.util.Collections.reverse(order);
		}
		for (Row row : rows) {
			report(row.name(), row.connections(), row.inFlight(), runs.get(row));
		}
	}

	private void measure(String name, int connections, int inFlight, LoadFactory factory) throws Exception {
		List<Result> runs = new ArrayList<>();
		for (int run = 0; run < this.mode.runs; run++) {
			runs.add(once(name, connections, inFlight, factory));
		}
		report(name, connections, inFlight, runs);
	}

	private Result once(String name, int connections, int inFlight, LoadFactory factory) throws Exception {
		try (Load load = factory.open()) {
			return once(name, connections, inFlight, load);
		}
	}

	/** One run on a load that stays open. */
	private Result once(String name, int connections, int inFlight, Load load) throws Exception {
		ClosedLoop.Measurement m = ClosedLoop.run(load, inFlight, this.mode.warmup, this.mode.window);
		return new Result(name, connections, inFlight, m.callsPerSecond(), m.micros(50), m.micros(99), m.micros(99.9),
				null);
	}

	private void report(String name, int connections, int inFlight, List<Result> runs) {
		Result result = Result.median(runs);
		this.results.add(result);
		System.out.printf(java.util.Locale.ROOT,
				"%-28s conns=%d inFlight=%-5d %,12.0f calls/s  p50=%.1fµs p99=%.1fµs%n", name, connections, inFlight,
				result.callsPerSecond(), result.p50Micros(), result.p99Micros());
	}

	/**
	 * One row of the table: a scenario at one number of connections and calls in flight.
	 */
	private record Row(String name, int connections, int inFlight) {
	}

	@FunctionalInterface
	interface LoadFactory {

		Load open() throws Exception;

	}

	@FunctionalInterface
	interface RemoteLoad {

		Load open(int port, int connections) throws Exception;

	}

}
