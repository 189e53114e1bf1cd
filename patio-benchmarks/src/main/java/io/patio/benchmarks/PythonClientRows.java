package io.patio.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.patio.testsupport.Externals;
import io.patio.benchmarks.BenchmarkMain.Mode;
import io.patio.benchmarks.BenchmarkMain.Result;
import io.patio.serializer.WireMapper;
import tools.jackson.databind.JsonNode;

/**
 * The {@code python-client} rows: the real Python patio client (its own closed loop,
 * {@code bench_client.py}) calling {@code mul} on our pickle server and on a Python
 * server ({@code bench_server.py}), taking turns run by run. They need python3 and the
 * Python library ({@code ../shared/peers/python-patio} beside the folder the harness runs
 * in or above it, or {@code -Dpatio.python.library=<folder>}); without them the rows are
 * skipped with a message.
 */
final class PythonClientRows {

	static final String PATIO_SERVER = "python-client-patio-server";

	static final String PYTHON_SERVER = "python-client-python-server";

	private final PythonScripts scripts;

	private PythonClientRows(PythonScripts scripts) {
		this.scripts = scripts;
	}

	/** The rows' runner, or empty (with a message printed) when python is missing. */
	static Optional<PythonClientRows> find() throws IOException {
		Optional<Path> python = Externals.python3();
		Optional<Path> library = library();
		if (python.isEmpty() || library.isEmpty()) {
			System.out.println("python-client rows skipped: they need python3 and the Python patio library"
					+ " (../shared/peers/python-patio, or -Dpatio.python.library=<folder>)");
			return Optional.empty();
		}
		return Optional.of(new PythonClientRows(
				PythonScripts.copy(python.get(), library.get().toString(), "bench_client.py", "bench_server.py")));
	}

	/**
	 * For each level, every run against each server in turn, then their medians.
	 */
	List<Result> run(int[] levels, Mode mode) throws Exception {
		List<Result> results = new ArrayList<>();
		try (ServerProcess patio = ServerProcess.start("patio-tcp-pickle"); PythonServer pythonServer = startServer()) {
			// Our server's JIT is warmed by a Java client first, as a long-running
			// server's is: a Python client at one call in flight makes too few calls in
			// its
			// own warm-up for that, and would measure the interpreter.
			try (Load warm = PatioTcpPeer.client(patio.port(), 1, "pickle", false)) {
				ClosedLoop.run(warm, 16, mode.warmup, mode.window);
			}
			for (int inFlight : levels) {
				List<Result> onPatio = new ArrayList<>();
				List<Result> onPython = new ArrayList<>();
				for (int run = 0; run < mode.runs; run++) {
					onPatio.add(client(PATIO_SERVER, patio.port(), inFlight, mode));
					onPython.add(client(PYTHON_SERVER, pythonServer.port, inFlight, mode));
				}
				results.add(Result.median(onPatio));
				results.add(Result.median(onPython));
			}
		}
		return results;
	}

	private Result client(String name, int port, int inFlight, Mode mode) throws Exception {
		Process process = this.scripts.start("bench_client.py", String.valueOf(port), String.valueOf(inFlight),
				seconds(mode.warmup), seconds(mode.window));
		return result(process, name, inFlight, "The Python client against " + name);
	}

	/**
	 * The row a Python closed loop prints as its last JSON line
	 * ({@code calls_per_second}, {@code p50}, {@code p99}, {@code p999}), once it has
	 * ended.
	 * @throws IOException with its output when it printed none
	 */
	static Result result(Process process, String name, int inFlight, String what) throws Exception {
		String json = null;
		List<String> output = new ArrayList<>();
		try (BufferedReader out = reader(process)) {
			String line;
			while ((line = out.readLine()) != null) {
				output.add(line);
				if (line.startsWith("{")) {
					json = line;
				}
			}
		}
		if (!process.waitFor(60, TimeUnit.SECONDS) || json == null) {
			process.destroyForcibly();
			throw new IOException(what + " printed no result:\n" + String.join("\n", output));
		}
		JsonNode row = WireMapper.json().readTree(json);
		return new Result(name, 1, inFlight, row.get("calls_per_second").asDouble(), row.get("p50").asDouble(),
				row.get("p99").asDouble(), row.get("p999").asDouble(), null);
	}

	private PythonServer startServer() throws IOException {
		Process process = this.scripts.start("bench_server.py");
		BufferedReader out = reader(process);
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith("PORT ")) {
				return new PythonServer(process, Integer.parseInt(line.substring(5).trim()));
			}
		}
		process.destroyForcibly();
		throw new IOException("The Python server exited before it announced its port");
	}

	static BufferedReader reader(Process process) {
		return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	static String seconds(java.time.Duration duration) {
		return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
	}

	private static Optional<Path> library() {
		String configured = System.getProperty("patio.python.library");
		if (configured != null) {
			return Optional.of(Paths.get(configured)).filter(Files::isDirectory);
		}
		for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolveSibling("shared").resolve("peers/python-patio");
			if (dir.getParent() != null && Files.isDirectory(candidate.resolve("patio"))) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/** The Python server; it ends when its standard input closes. */
	private record PythonServer(Process process, int port) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

}
