package io.patio.benchmarks;

import io.patio.testsupport.Externals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.patio.benchmarks.BenchmarkMain.Mode;
import io.patio.benchmarks.BenchmarkMain.Result;

/**
 * The {@code python-process-pool} row, what {@code patio-memory-process-pool} is measured
 * against: Python's own {@code concurrent.futures.ProcessPoolExecutor} with as many
 * workers, running the same {@code mul(6, 7)} ({@code bench_process_pool.py}, a closed
 * loop in asyncio as the other Python rows). It needs only python3; without it the row is
 * skipped with a message.
 */
final class PythonProcessPoolRow {

	static final String NAME = "python-process-pool";

	private final PythonScripts scripts;

	private PythonProcessPoolRow(PythonScripts scripts) {
		this.scripts = scripts;
	}

	/** The row's runner, or empty (with a message printed) when python3 is missing. */
	static Optional<PythonProcessPoolRow> find() throws IOException {
		Optional<Path> python = Externals.python3();
		if (python.isEmpty()) {
			System.out.println(NAME + " row skipped: it needs python3 (3.8 or later)");
			return Optional.empty();
		}
		return Optional.of(new PythonProcessPoolRow(PythonScripts.copy(python.get(), null, "bench_process_pool.py")));
	}

	/**
	 * One run: a pool of {@code workers} processes, {@code inFlight} calls kept going.
	 */
	Result run(int workers, int inFlight, Mode mode) throws Exception {
		Process process = this.scripts.start("bench_process_pool.py", String.valueOf(workers), String.valueOf(inFlight),
				PythonClientRows.seconds(mode.warmup), PythonClientRows.seconds(mode.window));
		return PythonClientRows.result(process, NAME, inFlight, "Python's process pool");
	}

}
