package io.patio.serializer.pickle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.patio.testsupport.Externals;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of a Python script from {@code src/test/resources/python} with the real Python
 * library on {@code PYTHONPATH} ({@code ../shared/peers/python-patio}, found from the
 * reactor's root): its JSON output lines as they come, its standard error kept for a
 * failure's message. Skipped (failed in CI) when python3 or the library is missing.
 */
final class PythonPeer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();

	private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

	private PythonPeer(Process process) {
		this.process = process;
		Thread stdout = new Thread(() -> pump(process.getInputStream(), true), "python-stdout");
		Thread stderr = new Thread(() -> pump(process.getErrorStream(), false), "python-stderr");
		stdout.setDaemon(true);
		stderr.setDaemon(true);
		stdout.start();
		stderr.start();
	}

	static PythonPeer start(String script, String... args) throws IOException {
		Path python = Externals.requirePython3();
		Path library = Externals.requireShared("peers/python-patio");
		Path path;
		try {
			path = Path.of(PythonPeer.class.getResource("/python/" + script).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		List<String> command = new ArrayList<>(List.of(python.toString(), "-u", path.toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> environment = builder.environment();
		environment.put("PYTHONPATH", library.toString());
		environment.put("PYTHONDONTWRITEBYTECODE", "1");
		return new PythonPeer(builder.start());
	}

	private void pump(InputStream stream, boolean json) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (json && line.startsWith("{")) {
					this.lines.add(JSON.readTree(line));
				}
				else {
					this.errors.add(line);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			this.errors.add("(output unreadable: " + ex + ")");
		}
	}

	/** The next JSON line, waiting at most {@code seconds}. */
	JsonNode next(int seconds) throws InterruptedException {
		JsonNode line = this.lines.poll(seconds, TimeUnit.SECONDS);
		if (line == null) {
			throw new AssertionError("python printed nothing in " + seconds + " s (alive: " + this.process.isAlive()
					+ "); its output:\n" + String.join("\n", this.errors));
		}
		return line;
	}

	/** The next JSON line, which must be about {@code expected}. */
	JsonNode next(String expected) throws InterruptedException {
		JsonNode line = next(120);
		if (!expected.equals(line.path("case").asString())) {
			throw new AssertionError("expected case '" + expected + "', got " + line + "; python's output:\n"
					+ String.join("\n", this.errors));
		}
		return line;
	}

	/** Whether the process ended within {@code seconds}. */
	boolean endsWithin(int seconds) throws InterruptedException {
		return this.process.waitFor(seconds, TimeUnit.SECONDS);
	}

	String output() {
		return String.join("\n", this.errors);
	}

	@Override
	public void close() throws Exception {
		try {
			this.process.getOutputStream().close(); // a script that serves ends when
													// stdin closes
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
