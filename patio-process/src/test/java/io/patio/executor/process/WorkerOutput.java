package io.patio.executor.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Takes what a test's worker processes print (stdout and stderr, where the JVM reports an
 * {@code OutOfMemoryError} it exits on) out of the build's output, for the test to assert
 * on: the workers are started through a small shell script that runs the real
 * {@code java} with its output sent to a file.
 */
final class WorkerOutput {

	private final Path script;

	private final Path log;

	private WorkerOutput(Path script, Path log) {
		this.script = script;
		this.log = log;
	}

	static WorkerOutput capture(Path dir) throws IOException {
		Path log = dir.resolve("worker-output.log");
		Files.createFile(log);
		Path script = dir.resolve("java-with-captured-output");
		Files.writeString(script, "#!/bin/sh\nexec \"$PATIO_TEST_JAVA\" \"$@\" >>\"$PATIO_TEST_WORKER_OUTPUT\" 2>&1\n",
				StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return new WorkerOutput(script, log);
	}

	/** Starts the pool's workers through the capturing script. */
	ProcessPoolOptions.Builder applyTo(ProcessPoolOptions.Builder options) {
		return options.javaCommand(this.script.toString())
			.environment("PATIO_TEST_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString())
			.environment("PATIO_TEST_WORKER_OUTPUT", this.log.toString());
	}

	/** What the workers printed so far. */
	String text() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

}
