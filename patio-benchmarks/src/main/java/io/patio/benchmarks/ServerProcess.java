package io.patio.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BenchServer} in a JVM of its own, started with this JVM's own runtime, class
 * path and flags, so that both peers run alike.
 */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final BufferedReader out;

	private ServerProcess(Process process, int port, BufferedReader out) {
		this.process = process;
		this.port = port;
		this.out = out;
	}

	/** The CPU time the server's process has used so far, in nanoseconds. */
	long cpuNanos() {
		return this.process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
	}

	/** The server's used heap after a full collection, in bytes. */
	long heapUsed() throws IOException {
		this.process.getOutputStream().write("HEAP\n".getBytes(StandardCharsets.UTF_8));
		this.process.getOutputStream().flush();
		String line;
		while ((line = this.out.readLine()) != null) {
			if (line.startsWith("HEAP ")) {
				return Long.parseLong(line.substring(5).trim());
			}
		}
		throw new IOException("The server exited before it reported its heap");
	}

	static ServerProcess start(String kind) throws IOException {
		Process process = new ProcessBuilder(javaCommand(BenchServer.class, kind))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith("PORT ")) {
				return new ServerProcess(process, Integer.parseInt(line.substring(5).trim()), out);
			}
		}
		process.destroyForcibly();
		throw new IOException("The " + kind + " server exited before it announced its port");
	}

	/**
	 * A command that runs {@code main} in a JVM like this one: same runtime, class path
	 * and flags.
	 */
	static List<String> javaCommand(Class<?> main, String... args) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
			if (!flag.startsWith("-agentlib:jdwp")) {
				command.add(flag);
			}
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(List.of(args));
		return command;
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.process.getOutputStream().close();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
