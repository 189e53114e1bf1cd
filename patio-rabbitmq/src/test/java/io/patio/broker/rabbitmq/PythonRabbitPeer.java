package io.patio.broker.rabbitmq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.patio.testsupport.Externals;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of a script from {@code src/test/resources/python} with the real patio-rabbitmq
 * ({@code ../shared/peers/python-patio-rabbitmq} and {@code python-patio}) on
 * {@code PYTHONPATH}, under a python3 that has aio-pika (Debian's): its JSON output lines
 * as they come, its other output kept for a failure's message. Skipped (failed in CI)
 * when any of them is missing.
 */
final class PythonRabbitPeer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();

	private final List<String> output = Collections.synchronizedList(new ArrayList<>());

	private PythonRabbitPeer(Process process) {
		this.process = process;
		Thread stdout = new Thread(() -> pump(process.getInputStream()), "python-stdout");
		Thread stderr = new Thread(() -> pump(process.getErrorStream()), "python-stderr");
		stdout.setDaemon(true);
		stderr.setDaemon(true);
		stdout.start();
		stderr.start();
	}

	static PythonRabbitPeer start(String script, String... args) throws IOException {
		Path python = Externals.requirePython3();
		Externals.assume(Externals.pythonHas(python, "aio_pika"),
				python + " has no aio_pika: install Debian's python3-aio-pika");
		Path patio = Externals.requireShared("peers/python-patio");
		Path patioRabbitmq = Externals.requireShared("peers/python-patio-rabbitmq");
		Path path;
		try {
			path = Path.of(PythonRabbitPeer.class.getResource("/python/" + script).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		List<String> command = new ArrayList<>(List.of(python.toString(), "-u", path.toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("PYTHONPATH", patioRabbitmq + ":" + patio);
		builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
		return new PythonRabbitPeer(builder.start());
	}

	private void pump(InputStream stream) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("{\"case\"")) {
					this.lines.add(JSON.readTree(line));
				}
				else {
					this.output.add(line);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			this.output.add("(output unreadable: " + ex + ")");
		}
	}

	/** The next JSON line, which must be about {@code expected}. */
	JsonNode next(String expected) throws InterruptedException {
		JsonNode line = this.lines.poll(120, TimeUnit.SECONDS);
		if (line == null) {
			throw new AssertionError("python printed nothing in 120 s (alive: " + this.process.isAlive()
					+ "); its output:\n" + output());
		}
		if (!expected.equals(line.path("case").asString())) {
			throw new AssertionError(
					"expected case '" + expected + "', got " + line + "; python's output:\n" + output());
		}
		return line;
	}

	/** Writes a line to the script's standard input. */
	void send(String line) throws IOException {
		OutputStream stdin = this.process.getOutputStream();
		stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		stdin.flush();
	}

	/** Whether the process ended within {@code seconds}. */
	boolean endsWithin(int seconds) throws InterruptedException {
		return this.process.waitFor(seconds, TimeUnit.SECONDS);
	}

	String output() {
		return String.join("\n", this.output);
	}

	@Override
	public void close() throws Exception {
		try {
			this.process.getOutputStream().close(); // a worker ends when stdin closes
		}
		catch (IOException ex) {
			// already gone
		}
		if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
			this.process.destroy();
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

}
