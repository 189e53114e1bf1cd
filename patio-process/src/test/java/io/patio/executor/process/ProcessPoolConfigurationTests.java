package io.patio.executor.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A worker gets its parent's {@code -D} properties through its stdin, never on its
 * command line, and its own JVM options win over them. The parent is a JVM of its own,
 * started with those {@code -D} properties ({@link ForkedConfigParent}).
 */
class ProcessPoolConfigurationTests {

	@Test
	void aWorkerGetsTheParentsDashDPropertiesThroughStdinAndNeverOnItsCommandLine() throws Exception {
		String secret = "secret-" + UUID.randomUUID();
		Process parent = new ProcessBuilder(ProcessPoolOptions.currentJava(), "-Xmx128m",
				"-Dpatio.test.secret=" + secret, "-Dpatio.test.own=parent", "-cp",
				System.getProperty("java.class.path"), ForkedConfigParent.class.getName(), "patio.test.secret",
				"patio.test.own")
			.redirectErrorStream(true)
			.start();
		List<String> output = new ArrayList<>();
		try {
			CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
					String read;
					while ((read = reader.readLine()) != null) {
						synchronized (output) {
							output.add(read);
						}
						if (read.startsWith("RESULT ")) {
							return read;
						}
					}
					return "EOF";
				}
				catch (java.io.IOException ex) {
					return "EOF " + ex;
				}
			});
			String line = result.get(90, TimeUnit.SECONDS);
			assertThat(line).as("the parent's output: %s", output).startsWith("RESULT ");
			String[] parts = line.split(" ");
			long workerPid = Long.parseLong(parts[1]);
			Map<String, String> values = new LinkedHashMap<>();
			for (int i = 2; i < parts.length; i++) {
				String[] pair = parts[i].split("=", 2);
				values.put(pair[0], pair[1]);
			}
			assertThat(values).containsEntry("patio.test.secret", secret).containsEntry("patio.test.own", "worker");

			List<String> arguments = commandLineOf(workerPid);
			assertThat(arguments).contains(ProcessWorker.class.getName(), "-Dpatio.test.own=worker",
					ProcessPoolOptions.NATIVE_ACCESS);
			assertThat(arguments).noneMatch((argument) -> argument.contains(secret))
				.noneMatch((argument) -> argument.contains("patio.test.secret"));
		}
		finally {
			parent.descendants().forEach(ProcessHandle::destroyForcibly);
			parent.destroyForcibly();
			parent.waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * The process's command line as {@code ps} shows it: {@code /proc/<pid>/cmdline}
	 * where there is one ({@code ProcessHandle.Info.arguments()} is empty for long
	 * command lines), else {@code ProcessHandle.Info.commandLine()}.
	 */
	static List<String> commandLineOf(long pid) throws java.io.IOException {
		java.nio.file.Path proc = java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline");
		if (java.nio.file.Files.isReadable(proc)) {
			return List.of(new String(java.nio.file.Files.readAllBytes(proc), StandardCharsets.UTF_8).split("\u0000"));
		}
		return List
			.of(ProcessHandle.of(pid).flatMap((process) -> process.info().commandLine()).orElseThrow().split(" "));
	}

}
