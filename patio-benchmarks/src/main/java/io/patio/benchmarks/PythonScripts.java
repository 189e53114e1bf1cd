package io.patio.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's Python scripts, copied from the jar into a temporary folder together with
 * the closed loop they share ({@code bench_loop.py}), and the processes that run them.
 */
final class PythonScripts {

	private final Path python;

	private final String pythonPath;

	private final Path folder;

	private PythonScripts(Path python, String pythonPath, Path folder) {
		this.python = python;
		this.pythonPath = pythonPath;
		this.folder = folder;
	}

	/**
	 * Copies {@code scripts} and {@code bench_loop.py} out of the jar.
	 * @param python the interpreter to run them with
	 * @param pythonPath what else they import ({@code PYTHONPATH}), or {@code null}
	 */
	static PythonScripts copy(Path python, String pythonPath, String... scripts) throws IOException {
		Path folder = Files.createTempDirectory("patio-bench-python");
		folder.toFile().deleteOnExit();
		List<String> all = new ArrayList<>(List.of(scripts));
		all.add("bench_loop.py");
		for (String script : all) {
			try (InputStream in = PythonScripts.class.getResourceAsStream("/python/" + script)) {
				Path file = folder.resolve(script);
				Files.copy(in, file);
				file.toFile().deleteOnExit();
			}
		}
		return new PythonScripts(python, pythonPath, folder);
	}

	/** Starts {@code python -u script args...}, its stderr merged into its stdout. */
	Process start(String script, String... args) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(this.python.toString(), "-u", this.folder.resolve(script).toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		String path = this.folder.toString();
		if (this.pythonPath != null) {
			path = path + ":" + this.pythonPath;
		}
		builder.environment().put("PYTHONPATH", path);
		builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
		return builder.start();
	}

}
