package io.patio.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's two-terminal run as two JVM processes on loopback: the worker profile
 * listens on a free port (read from its "patio worker listening on" line), then the
 * caller profile dials it and prints the results of 100 concurrent {@code mul(1, 2, 3)}.
 * Both processes are destroyed at the end, whatever happens.
 */
@Timeout(180)
class SampleWorkerAndCallerProcessesTests {

	private static final Pattern LISTENING = Pattern.compile("patio worker listening on 127\\.0\\.0\\.1:(\\d+)");

	private static final Pattern RESULTS = Pattern
		.compile("mul\\(1, 2, 3\\) called (\\d+) times through the tcp-client broker: \\[([0-9, ]*)\\]");

	private final List<SampleProcess> processes = new ArrayList<>();

	@AfterEach
	void destroyProcesses() throws InterruptedException {
		for (SampleProcess process : this.processes) {
			process.destroy();
		}
	}

	@Test
	void callerProcessGetsOneHundredSixesFromWorkerProcess() throws Exception {
		SampleProcess worker = start("worker", "--patio.broker.tcp.listen=127.0.0.1:0");
		Matcher listening = worker.awaitLine(LISTENING, Duration.ofSeconds(90));
		int port = Integer.parseInt(listening.group(1));

		SampleProcess caller = start("caller", "--patio.broker.tcp.connect=127.0.0.1:" + port);
		Matcher results = caller.awaitLine(RESULTS, Duration.ofSeconds(90));

		assertThat(Integer.parseInt(results.group(1))).isEqualTo(100);
		List<String> values = Arrays.asList(results.group(2).split(",\\s*"));
		assertThat(values).hasSize(100).containsOnly("6");
		assertThat(worker.isAlive()).isTrue();
	}

	private SampleProcess start(String profile, String... arguments) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), SampleApplication.class.getName(),
				"--spring.profiles.active=" + profile, "--server.port=0", "--spring.main.banner-mode=off"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		SampleProcess sample = new SampleProcess(profile, process);
		this.processes.add(sample);
		return sample;
	}

	/** A sample process and the lines it printed, read on a thread of its own. */
	private static final class SampleProcess {

		private final String name;

		private final Process process;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		SampleProcess(String name, Process process) {
			this.name = name;
			this.process = process;
			Thread reader = new Thread(this::read, "sample-" + name + "-output");
			reader.setDaemon(true);
			reader.start();
		}

		private void read() {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process is gone
			}
		}

		Matcher awaitLine(Pattern pattern, Duration timeout) {
			try {
				return await().atMost(timeout)
					.pollInterval(Duration.ofMillis(50))
					.failFast("the " + this.name + " process exited",
							() -> !this.process.isAlive() && find(pattern).isEmpty())
					.until(() -> find(pattern), Optional::isPresent)
					.get();
			}
			catch (RuntimeException ex) {
				throw new AssertionError("The " + this.name + " process did not print " + pattern + " ("
						+ ex.getMessage() + "); it printed:\n" + String.join("\n", this.lines), ex);
			}
		}

		private Optional<Matcher> find(Pattern pattern) {
			for (String line : this.lines) {
				Matcher matcher = pattern.matcher(line);
				if (matcher.find()) {
					return Optional.of(matcher);
				}
			}
			return Optional.empty();
		}

		boolean isAlive() {
			return this.process.isAlive();
		}

		void destroy() throws InterruptedException {
			this.process.descendants().forEach(ProcessHandle::destroy);
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}

	}

}
