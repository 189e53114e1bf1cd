package io.patio.autoconfigure.endpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared key never shows in {@code /actuator/env} or {@code /actuator/configprops},
 * also with {@code show-values=always}: by name in every property source, and as text
 * inside any other value. Real HTTP against a real web server on a free port.
 */
@Timeout(180)
class PatioKeySanitizingTests {

	private static final String KEY = "Zq8vR2mW7xT4pL9nK3yB";

	private static final String MASK = "******";

	private static final List<String> SHOW_VALUES = List.of("--server.port=0", "--server.address=127.0.0.1",
			"--spring.main.banner-mode=off", "--patio.broker.type=tcp-server", "--patio.broker.tcp.listen=127.0.0.1:0",
			"--management.endpoints.web.exposure.include=env,configprops,patio",
			"--management.endpoint.env.show-values=always", "--management.endpoint.configprops.show-values=always");

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<Runnable> cleanups = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		for (int i = this.cleanups.size() - 1; i >= 0; i--) {
			this.cleanups.get(i).run();
		}
	}

	@Test
	void keyPassedAsACommandLineArgumentIsMaskedInEnvAndConfigprops() throws Exception {
		int port = start(new StandardEnvironment(), "--patio.broker.tcp.key=" + KEY);
		String env = get(port, "/actuator/env");
		assertThat(env).doesNotContain(KEY);
		assertThat(property(env, "commandLineArgs", "patio.broker.tcp.key")).isEqualTo(MASK);
		// show-values=always still shows everything else
		assertThat(property(env, "commandLineArgs", "patio.broker.tcp.listen")).isEqualTo("127.0.0.1:0");
		String one = get(port, "/actuator/env/patio.broker.tcp.key");
		assertThat(one).doesNotContain(KEY);
		assertThat(json(one).at("/property/value").asString()).isEqualTo(MASK);
		assertConfigpropsMaskTheKey(port);
		assertThat(get(port, "/actuator/patio")).doesNotContain(KEY);
	}

	@Test
	void keyAsASystemPropertyIsMaskedAndItsTextIsReplacedInsideOtherValues() throws Exception {
		setSystemProperty("patio.broker.tcp.key", KEY);
		setSystemProperty("patio.test.command", "app --patio.broker.tcp.key=" + KEY + " --other=1");
		// an application's own function that hides a whole value still does
		setSystemProperty("patio.test.hidden", "--patio.broker.tcp.key=" + KEY + " --db.password=hunter2");
		int port = start(new StandardEnvironment(),
				SanitizingFunction.sanitizeValue().ifKeyEquals("patio.test.hidden"));
		String env = get(port, "/actuator/env");
		assertThat(env).doesNotContain(KEY).doesNotContain("hunter2");
		assertThat(property(env, "systemProperties", "patio.broker.tcp.key")).isEqualTo(MASK);
		assertThat(property(env, "systemProperties", "patio.test.command"))
			.isEqualTo("app --patio.broker.tcp.key=" + MASK + " --other=1");
		assertThat(property(env, "systemProperties", "patio.test.hidden")).isEqualTo(MASK);
		String one = get(port, "/actuator/env/patio.test.command");
		assertThat(one).doesNotContain(KEY);
		assertThat(json(one).at("/property/value").asString())
			.isEqualTo("app --patio.broker.tcp.key=" + MASK + " --other=1");
		assertThat(get(port, "/actuator/env/patio.broker.tcp.key")).doesNotContain(KEY);
		assertConfigpropsMaskTheKey(port);
	}

	@Test
	void keyFromAnEnvironmentVariableIsMaskedUnderItsRelaxedName() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("testEnvironment", Map.of("PATIO_BROKER_TCP_KEY", KEY)));
		int port = start(environment);
		String env = get(port, "/actuator/env");
		assertThat(env).doesNotContain(KEY);
		assertThat(property(env, "testEnvironment", "PATIO_BROKER_TCP_KEY")).isEqualTo(MASK);
		String one = get(port, "/actuator/env/patio.broker.tcp.key");
		assertThat(one).doesNotContain(KEY);
		assertThat(json(one).at("/property/value").asString()).isEqualTo(MASK);
		assertThat(get(port, "/actuator/env/PATIO_BROKER_TCP_KEY")).doesNotContain(KEY);
		assertConfigpropsMaskTheKey(port);
	}

	@Test
	void keyReferencedThroughAPlaceholderIsMaskedInTheVariableItComesFrom() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("testEnvironment", Map.of("PATIO_KEY", KEY)));
		environment.getPropertySources()
			.addLast(new MapPropertySource("testApplicationConfig", Map.of("patio.broker.tcp.key", "${PATIO_KEY}")));
		int port = start(environment);
		String env = get(port, "/actuator/env");
		assertThat(env).doesNotContain(KEY);
		assertThat(property(env, "testEnvironment", "PATIO_KEY")).isEqualTo(MASK);
		assertThat(property(env, "testApplicationConfig", "patio.broker.tcp.key")).isEqualTo(MASK);
		assertThat(get(port, "/actuator/env/PATIO_KEY")).doesNotContain(KEY);
		assertThat(get(port, "/actuator/env/patio.broker.tcp.key")).doesNotContain(KEY);
		assertConfigpropsMaskTheKey(port);
	}

	/**
	 * A JVM of its own, so that {@code sun.java.command} really holds the key, as it does
	 * when an operator passes the key on the command line.
	 */
	@Test
	void keyOnTheJavaCommandLineIsReplacedInSunJavaCommand() throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
						"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
						SanitizingTestApplication.class.getName(), "--patio.broker.tcp.key=" + KEY));
		command.addAll(SHOW_VALUES);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.cleanups.add(() -> {
			process.destroy();
			try {
				if (!process.waitFor(20, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		StringBuilder output = new StringBuilder();
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread reader = new Thread(() -> readOutput(process, output, port), "sanitizing-test-app-output");
		reader.setDaemon(true);
		reader.start();
		int httpPort = port.get(120, TimeUnit.SECONDS);
		String env = get(httpPort, "/actuator/env");
		assertThat(env).doesNotContain(KEY);
		assertThat(property(env, "systemProperties", "sun.java.command"))
			.contains(SanitizingTestApplication.class.getName())
			.contains("--patio.broker.tcp.key=" + MASK)
			.contains("--management.endpoint.env.show-values=always");
		assertThat(property(env, "commandLineArgs", "patio.broker.tcp.key")).isEqualTo(MASK);
		String one = get(httpPort, "/actuator/env/sun.java.command");
		assertThat(one).doesNotContain(KEY).contains("--patio.broker.tcp.key=" + MASK);
		assertConfigpropsMaskTheKey(httpPort);
		// nor did the application log it
		synchronized (output) {
			assertThat(output.toString()).doesNotContain(KEY);
		}
	}

	// ---- helpers

	private void assertConfigpropsMaskTheKey(int port) throws Exception {
		for (String path : List.of("/actuator/configprops", "/actuator/configprops/patio")) {
			String body = get(port, path);
			assertThat(body).as(path).doesNotContain(KEY);
			JsonNode patio = json(body).findValues("beans")
				.stream()
				.flatMap((beans) -> beans.values().stream())
				.filter((bean) -> "patio".equals(bean.path("prefix").asString()))
				.findFirst()
				.orElseThrow();
			assertThat(patio.at("/properties/broker/tcp/key").asString()).as(path).isEqualTo(MASK);
			assertThat(patio.at("/inputs/broker/tcp/key/value").asString()).as(path).isEqualTo(MASK);
			// show-values=always still shows the rest
			assertThat(patio.at("/properties/broker/tcp/listen/0").asString()).as(path).isEqualTo("127.0.0.1:0");
		}
	}

	private int start(StandardEnvironment environment, String... args) {
		return start(environment, null, args);
	}

	/**
	 * Starts {@link SanitizingTestApplication} in this JVM on a free port, with
	 * show-values=always, and with {@code function} as an application's own sanitizing
	 * function if not {@code null}.
	 */
	private int start(StandardEnvironment environment, SanitizingFunction function, String... args) {
		List<String> all = new ArrayList<>(SHOW_VALUES);
		all.addAll(List.of(args));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SanitizingTestApplication.class)
			.web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.environment(environment);
		if (function != null) {
			builder.initializers(
					(context) -> context.getBeanFactory().registerSingleton("applicationSanitizingFunction", function));
		}
		ConfigurableApplicationContext context = builder.run(all.toArray(String[]::new));
		this.cleanups.add(context::close);
		return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	private void setSystemProperty(String name, String value) {
		String previous = System.getProperty(name);
		System.setProperty(name, value);
		this.cleanups.add(() -> {
			if (previous == null) {
				System.clearProperty(name);
			}
			else {
				System.setProperty(name, previous);
			}
		});
	}

	private String get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private static JsonNode json(String body) {
		return JsonMapper.shared().readTree(body);
	}

	/**
	 * The value of {@code name} in the property source {@code source} of /actuator/env.
	 */
	private static String property(String env, String source, String name) {
		for (JsonNode candidate : json(env).path("propertySources")) {
			if (source.equals(candidate.path("name").asString())) {
				JsonNode value = candidate.path("properties").path(name).path("value");
				assertThat(value.isMissingNode()).as("%s in %s", name, source).isFalse();
				return value.asString();
			}
		}
		throw new AssertionError("No property source " + source + " in " + env);
	}

	private static void readOutput(Process process, StringBuilder output, CompletableFuture<Integer> port) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				synchronized (output) {
					output.append(line).append('\n');
				}
				if (line.startsWith(SanitizingTestApplication.PORT_LINE)) {
					port.complete(Integer.parseInt(line.substring(SanitizingTestApplication.PORT_LINE.length())));
				}
			}
			port.completeExceptionally(new IllegalStateException("The application ended without a port:\n" + output));
		}
		catch (IOException ex) {
			port.completeExceptionally(ex);
		}
	}

}
