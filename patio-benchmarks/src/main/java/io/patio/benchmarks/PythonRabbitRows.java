package io.patio.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.patio.benchmarks.BenchmarkMain.Mode;
import io.patio.benchmarks.BenchmarkMain.Result;
import io.patio.testsupport.Externals;

/**
 * The real patio-rabbitmq in Python as caller and worker ({@code bench_rabbit.py}), two
 * processes on the node of the other RabbitMQ rows; it needs Debian's python3 with
 * aio-pika and {@code ../shared/peers}.
 */
final class PythonRabbitRows {

	static final String NAME = "python-patio-rabbitmq";

	private final PythonScripts scripts;

	private PythonRabbitRows(PythonScripts scripts) {
		this.scripts = scripts;
	}

	/** The rows' runner, or empty (with a message printed) when something is missing. */
	static Optional<PythonRabbitRows> find() throws IOException {
		Optional<Path> python = Externals.python3().filter((path) -> Externals.pythonHas(path, "aio_pika"));
		Optional<Path> peers;
		try {
			peers = Externals.shared().map((shared) -> shared.resolve("peers"));
		}
		catch (IllegalStateException ex) {
			peers = Optional.empty();
		}
		if (python.isEmpty() || peers.isEmpty() || !Files.isDirectory(peers.get().resolve("python-patio-rabbitmq"))) {
			System.out.println(NAME + " rows skipped: they need python3 with aio-pika (Debian's python3-aio-pika)"
					+ " and ../shared/peers beside the project");
			return Optional.empty();
		}
		String pythonPath = peers.get().resolve("python-patio-rabbitmq") + ":" + peers.get().resolve("python-patio");
		return Optional.of(new PythonRabbitRows(PythonScripts.copy(python.get(), pythonPath, "bench_rabbit.py")));
	}

	/** A Python worker, then at each level the medians of Python callers' runs. */
	List<Result> run(String uri, int[] levels, Mode mode) throws Exception {
		List<Result> results = new ArrayList<>();
		Process worker = start("worker", uri);
		try (BufferedReader out = PythonClientRows.reader(worker)) {
			String line;
			while ((line = out.readLine()) != null && !line.startsWith("READY")) {
				System.out.println("python worker: " + line);
			}
			if (line == null) {
				throw new IOException("The Python worker exited before it was ready");
			}
			for (int inFlight : levels) {
				List<Result> runs = new ArrayList<>();
				for (int run = 0; run < mode.runs; run++) {
					runs.add(caller(uri, inFlight, mode));
				}
				results.add(Result.median(runs));
			}
		}
		finally {
			worker.getOutputStream().close();
			if (!worker.waitFor(10, TimeUnit.SECONDS)) {
				worker.destroyForcibly().waitFor();
			}
		}
		return results;
	}

	private Result caller(String uri, int inFlight, Mode mode) throws Exception {
		Process process = start("caller", uri, String.valueOf(inFlight), PythonClientRows.seconds(mode.warmup),
				PythonClientRows.seconds(mode.window));
		return PythonClientRows.result(process, NAME, inFlight, "The Python caller");
	}

	private Process start(String... args) throws IOException {
		return this.scripts.start("bench_rabbit.py", args);
	}

}
