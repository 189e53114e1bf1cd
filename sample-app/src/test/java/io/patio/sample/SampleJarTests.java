package io.patio.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's executable jar, started with {@code java -jar} as a user would, with the
 * process-pool executor: its workers get the configuration given on the command line
 * (arguments, {@code -D} properties, an active profile), so {@code GET /square?x=7}
 * answers 49 with {@code patio.project=demo}; and on JDK 25 neither the application nor
 * its workers print the JDK's native-access warning; on JDK 25 the virtual-threads
 * executor runs the tasks, and on Java 17 it stops startup with a report. Failsafe runs
 * this class in {@code integration-test}, after {@code package} built the jar.
 */
@Timeout(300)
class SampleJarTests {

	/** The JDK 25 installed next to 17 ({@code PATIO_TEST_JDK25} overrides it). */
	static final Path DEFAULT_JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern NATIVE_ACCESS_WARNING = Pattern
		.compile("WARNING: (A restricted method|.*enable-native-access|Restricted methods will be blocked)");

	private final List<JarProcess> processes = new ArrayList<>();

	@AfterEach
	void destroyProcesses() throws InterruptedException {
		for (JarProcess process : this.processes) {
			process.destroy();
		}
	}

	@Test
	void theProjectGivenAsAnArgumentReachesTheWorkers() throws Exception {
		JarProcess app = start(currentJava(), List.of(), "--patio.project=demo", "--patio.executor.type=process-pool");
		assertThat(app.get("/square?x=7")).isEqualTo("49");
	}

	@Test
	void theProjectGivenAsASystemPropertyReachesTheWorkers() throws Exception {
		JarProcess app = start(currentJava(), List.of("-Dpatio.project=demo", "-Dpatio.executor.type=process-pool"));
		assertThat(app.get("/square?x=7")).isEqualTo("49");
	}

	@Test
	void onJdk25TheSampleAndItsWorkersStartWithoutANativeAccessWarning(@TempDir Path config) throws Exception {
		Path java = jdk25().resolve("bin").resolve("java");
		// the project comes from a profile-specific file, by an active profile
		Files.writeString(config.resolve("application-demo.properties"),
				"patio.project=demo\npatio.executor.type=process-pool\n");
		JarProcess app = start(java.toString(), List.of(), "--spring.profiles.active=demo",
				"--spring.config.additional-location=" + config.toUri());
		assertThat(app.get("/square?x=7")).isEqualTo("49");
		assertThat(app.lines).anyMatch((line) -> line.contains("using Java 25"));
		// the workers are up (the call went through one) and print to the same output
		assertThat(app.lines).filteredOn((line) -> line.contains("patio tcp-client broker started")).isNotEmpty();
		assertThat(app.lines).noneMatch((line) -> NATIVE_ACCESS_WARNING.matcher(line).find());
	}

	@Test
	void onJdk25TheVirtualThreadsExecutorRunsTheTasks() throws Exception {
		Path java = jdk25().resolve("bin").resolve("java");
		JarProcess app = start(java.toString(), List.of(), "--patio.executor.type=virtual-threads");
		assertThat(app.get("/mul?x=6&x=7")).isEqualTo("42");
		assertThat(app.lines).anyMatch((line) -> line.contains("broker started with the virtual-threads executor"));
	}

	@Test
	void onJava17TheVirtualThreadsExecutorStopsStartupAndSaysWhy() throws Exception {
		Assumptions.assumeTrue(Runtime.version().feature() < 21, "this JVM has virtual threads");
		JarProcess app = start(currentJava(), List.of(), "--patio.executor.type=virtual-threads");
		assertThat(app.process.waitFor(180, TimeUnit.SECONDS)).as("the sample exits").isTrue();
		assertThat(app.process.exitValue()).isNotZero();
		assertThat(String.join("\n", app.lines)).contains("APPLICATION FAILED TO START",
				"virtual threads need Java 21 or later, but the application runs on Java "
						+ Runtime.version().feature(),
				"set patio.executor.type to thread-pool");
	}

	/**
	 * The JDK 25: {@code PATIO_TEST_JDK25} or the known path. Missing: the test is
	 * skipped, or fails when {@code PATIO_REQUIRE_EXTERNALS=true} (CI).
	 */
	static Path jdk25() {
		String configured = System.getenv("PATIO_TEST_JDK25");
		Path home = (configured != null && !configured.isBlank()) ? Path.of(configured) : DEFAULT_JDK25;
		if (Files.isExecutable(home.resolve("bin").resolve("java"))) {
			return home;
		}
		String message = "No JDK 25 at " + home + " (set PATIO_TEST_JDK25 to its home directory)";
		if ("true".equals(System.getenv("PATIO_REQUIRE_EXTERNALS"))) {
			fail(message + ", and PATIO_REQUIRE_EXTERNALS=true requires it");
		}
		Assumptions.abort(message + "; skipping the JDK 25 test");
		return home;
	}

	private static String currentJava() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path jar() {
		String configured = System.getProperty("patio.sample.jar");
		Path jar = (configured != null) ? Path.of(configured) : Path.of("target", "sample-app-0.1.0-SNAPSHOT.jar");
		assertThat(jar)
			.as("the sample's executable jar; build it with mvn package (mvn verify runs this test" + " after package)")
			.isRegularFile();
		return jar;
	}

	private JarProcess start(String java, List<String> jvmOptions, String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(java);
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar().toString());
		command.addAll(List.of("--server.port=0", "--spring.main.banner-mode=off", "--sample.quickstart.enabled=false",
				"--patio.executor.max-workers=1",
				"--patio.executor.process.jvm-options=-Xmx128m,-XX:TieredStopAtLevel=1",
				// a loaded machine can take more than the default 30 s to start a worker
				"--patio.executor.process.startup-timeout=150s"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		JarProcess app = new JarProcess(process);
		this.processes.add(app);
		return app;
	}

	/** The sample, its output read on a thread of its own. */
	private static final class JarProcess {

		final Process process;

		final List<String> lines = new CopyOnWriteArrayList<>();

		JarProcess(Process process) {
			this.process = process;
			Thread reader = new Thread(this::read, "sample-jar-output");
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

		/** The body of a GET once the application has started (its workers are ready). */
		String get(String path) throws Exception {
			int port;
			try {
				port = await().atMost(Duration.ofSeconds(180))
					.pollInterval(Duration.ofMillis(100))
					.failFast("the sample exited", () -> !this.process.isAlive())
					.until(this::startedPort, Optional::isPresent)
					.get();
			}
			catch (RuntimeException ex) {
				throw new AssertionError("The sample did not start (" + ex.getMessage() + "); it printed:\n"
						+ String.join("\n", this.lines), ex);
			}
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
					.timeout(Duration.ofSeconds(90))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode())
				.as("GET %s answered %s; the sample printed:\n%s", path, response.body(), String.join("\n", this.lines))
				.isEqualTo(200);
			return response.body();
		}

		/**
		 * The HTTP port, once the application (not one of its workers, which run the same
		 * class and print the same line) printed "Started SampleApplication".
		 */
		private Optional<Integer> startedPort() {
			String self = " " + this.process.pid() + " --- ";
			if (this.lines.stream()
				.noneMatch((line) -> line.contains(self) && line.contains("Started SampleApplication"))) {
				return Optional.empty();
			}
			for (String line : this.lines) {
				Matcher matcher = TOMCAT_PORT.matcher(line);
				if (matcher.find()) {
					return Optional.of(Integer.parseInt(matcher.group(1)));
				}
			}
			return Optional.empty();
		}

		void destroy() throws InterruptedException {
			this.process.descendants().forEach(ProcessHandle::destroy);
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}

	}

}
