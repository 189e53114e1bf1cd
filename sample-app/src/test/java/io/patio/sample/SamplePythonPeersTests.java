package io.patio.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.testsupport.Externals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with {@code --patio.broker.tcp.serializer=pickle} against the Python
 * library's own examples, taken from the seed README ({@code ../shared/seed}) as they
 * are, except for their fixed ports: the worker profile serves the example client's
 * {@code mul} calls, and the caller profile runs its quickstart against the example
 * server and serves {@code /mul} from it. Skipped where python3 or the shared folder is
 * missing, failed in CI.
 */
@Timeout(180)
class SamplePythonPeersTests {

	private static final Pattern PYTHON_BLOCK = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL);

	@TempDir
	Path folder;

	private ConfigurableApplicationContext sample;

	private Process python;

	@AfterEach
	void close() throws InterruptedException {
		if (this.python != null) {
			this.python.destroy();
			if (!this.python.waitFor(10, TimeUnit.SECONDS)) {
				this.python.destroyForcibly();
			}
		}
		if (this.sample != null) {
			this.sample.close();
		}
	}

	/** The first Python block of the seed README that contains {@code marker}. */
	private static String example(String marker) throws IOException {
		Path readme = Externals.requireShared("seed/patio-README.md");
		Matcher blocks = PYTHON_BLOCK.matcher(Files.readString(readme));
		while (blocks.find()) {
			if (blocks.group(1).contains(marker)) {
				return blocks.group(1);
			}
		}
		throw new AssertionError("no Python example with " + marker + " in " + readme);
	}

	private BlockingQueue<String> run(String script) throws IOException {
		Path python = Externals.requirePython3();
		Path library = Externals.requireShared("peers/python-patio");
		Path file = this.folder.resolve("example.py");
		Files.writeString(file, script);
		ProcessBuilder builder = new ProcessBuilder(python.toString(), "-u", file.toString()).redirectErrorStream(true);
		builder.environment().put("PYTHONPATH", library.toString());
		this.python = builder.start();
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(this.python.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = output.readLine()) != null) {
					lines.add(line);
				}
			}
			catch (IOException ex) {
				lines.add("(unreadable: " + ex + ")");
			}
		}, "python-example");
		reader.setDaemon(true);
		reader.start();
		return lines;
	}

	private static String awaitLine(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
		List<String> seen = new ArrayList<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline) {
			String line = lines.poll(1, TimeUnit.SECONDS);
			if (line != null) {
				seen.add(line);
				if (pattern.matcher(line).matches()) {
					return line;
				}
			}
		}
		throw new AssertionError(
				"python printed no line like " + pattern + "; it printed:\n" + String.join("\n", seen));
	}

	@Test
	void theWorkerServesThePythonExampleClient() throws Exception {
		String client = example("TCPClientBroker(executor)");
		this.sample = new SpringApplicationBuilder(SampleApplication.class).profiles("worker")
			.run("--server.port=0", "--patio.broker.tcp.listen=127.0.0.1:0", "--patio.broker.tcp.serializer=pickle",
					"--patio.broker.tcp.key=");
		int port = ((TcpServerBroker) this.sample.getBean(PatioBroker.class)).getPort();
		String adapted = client
			.replace("await broker.connect(address='127.0.0.1')",
					"await broker.connect(address='127.0.0.1', port=" + port + ")")
			.replace("await broker.connect(address='::1', port=12345)", "pass");
		assertThat(adapted).as("the example's connect lines were found").contains("port=" + port).doesNotContain("::1");
		BlockingQueue<String> lines = run(adapted);
		awaitLine(lines, Pattern.compile(Pattern.quote("[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]")));
	}

	@Test
	void theCallerRunsItsQuickstartAgainstThePythonExampleServer() throws Exception {
		String server = example("TCPServerBroker(executor)");
		String adapted = server
			.replace("await broker.listen(address='127.0.0.1')",
					"await broker.listen(address='127.0.0.1', port=0)\n"
							+ "            print('port', next(iter(broker.servers)).sockets[0].getsockname()[1])")
			.replace("await broker.listen(address='::1', port=12345)", "pass");
		assertThat(adapted).as("the example's listen lines were found").contains("port=0").doesNotContain("::1");
		String line = awaitLine(run(adapted), Pattern.compile("port \\d+"));
		int port = Integer.parseInt(line.substring("port ".length()));
		this.sample = new SpringApplicationBuilder(SampleApplication.class).profiles("caller")
			.run("--server.port=0", "--patio.broker.tcp.connect=127.0.0.1:" + port,
					"--patio.broker.tcp.serializer=pickle", "--patio.broker.tcp.key=");
		assertThat(this.sample.getBean(QuickstartRunner.class).getResults()).hasSize(100).containsOnly(6);
		int http = ((WebServerApplicationContext) this.sample).getWebServer().getPort();
		Integer product = RestClient.create("http://127.0.0.1:" + http)
			.get()
			.uri("/mul?x=2&x=3&x=7")
			.retrieve()
			.body(Integer.class);
		assertThat(product).isEqualTo(42);
	}

}
