package io.patio.serializer.pickle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.patio.AuthenticationException;
import io.patio.RemoteTaskException;
import io.patio.TaskTimeoutException;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.call.Call;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Our TCP brokers with the pickle serializer against the real Python library
 * ({@code ../shared/peers/python-patio}, run with python3), in both roles and in mixed
 * mode. Skipped where python3 or the library is missing, failed in CI.
 */
class PythonInteropTests {

	private static final String KEY = "interop-secret";

	/** A record a Python caller sends as a dict. */
	public record Point(int x, int y) {
	}

	/** The tasks our server runs for a Python caller. */
	public static class JavaTasks {

		public int mul(int... values) {
			int product = 1;
			for (int value : values) {
				product *= value;
			}
			return product;
		}

		public long power(long base, int exponent) {
			return BigInteger.valueOf(base).pow(exponent).longValueExact();
		}

		public Point scale(Point point, int factor) {
			return new Point(point.x() * factor, point.y() * factor);
		}

		public CompletionStage<Integer> later(int value) {
			return CompletableFuture.supplyAsync(() -> value * 2);
		}

		public void boom() {
			throw new IllegalStateException("kaput");
		}

		public void invalid(String why) {
			throw new IllegalArgumentException("invalid: " + why);
		}

		public Object echo(Object value) {
			return value;
		}

	}

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	@AfterEach
	void closeAll() throws Exception {
		while (!this.resources.isEmpty()) {
			this.resources.pop().close();
		}
	}

	private static TcpBrokerOptions.Builder options(String key) {
		return TcpBrokerOptions.builder()
			.serializer(Serializer.forName("pickle"))
			.key(key)
			.reconnectDelay(Duration.ofMillis(100))
			.reconnectMaxDelay(Duration.ofMillis(500))
			.eventLoopThreads(1);
	}

	private TcpServerBroker javaServer(String key) {
		Registry registry = new Registry();
		JavaTasks tasks = new JavaTasks();
		for (String task : List.of("mul", "power", "scale", "later", "boom", "invalid", "echo")) {
			registry.register(task, tasks, task);
		}
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 8, 2048);
		this.resources.push(() -> executor.shutdown(Duration.ofSeconds(5)));
		TcpServerBroker server = new TcpServerBroker(executor, options(key).waitForPeer(true).build(), "127.0.0.1:0");
		this.resources.push(server);
		server.start();
		return server;
	}

	private PythonPeer python(String script, String... args) throws Exception {
		PythonPeer peer = PythonPeer.start(script, args);
		this.resources.push(peer);
		return peer;
	}

	private TcpClientBroker javaClientOfPythonServer(String key) throws Exception {
		PythonPeer server = python("interop_server.py", KEY);
		int port = server.next(60).get("port").asInt();
		TcpClientBroker client = new TcpClientBroker(new NullPatioExecutor(new Registry()), options(key).build(),
				"127.0.0.1:" + port);
		this.resources.push(client);
		return client;
	}

	private static void assertResult(JsonNode line, String expected) {
		assertThat(line.has("error")).as("%s", line).isFalse();
		assertThat(line.get("result").asString()).as("%s", line).isEqualTo(expected);
	}

	private static void assertError(JsonNode line, String type, String message) {
		assertThat(line.path("error").asString()).as("%s", line).isEqualTo(type);
		assertThat(line.path("message").asString()).as("%s", line).contains(message);
	}

	@Test
	void aPythonClientCallsOurServer() throws Exception {
		TcpServerBroker server = javaServer(KEY);
		PythonPeer client = python("interop_client.py", String.valueOf(server.getPort()), KEY, "calls");
		assertResult(client.next("connect"), "connected");
		assertResult(client.next("positional"), "24");
		assertResult(client.next("keyword"), "1024");
		assertResult(client.next("record"), "{'x': 3, 'y': 6}");
		assertResult(client.next("stage"), "42");
		assertError(client.next("throws"), "RuntimeError", "java.lang.IllegalStateException: kaput");
		assertError(client.next("value-error"), "ValueError", "invalid: nope");
		assertError(client.next("bad-args"), "TypeError", "power");
		assertError(client.next("too-many"), "TypeError", "power");
		JsonNode kinds = client.next("kinds");
		assertThat(kinds.path("result").asString()).as("values that did not come back equal: %s", kinds)
			.isEqualTo("True");
		assertResult(client.next("in-flight"), "True");
		assertThat(client.endsWithin(60)).as(client.output()).isTrue();
	}

	@Test
	void ourServerCallsATaskThePythonClientOffers() throws Exception {
		TcpServerBroker server = javaServer(KEY);
		PythonPeer client = python("interop_client.py", String.valueOf(server.getPort()), KEY, "serve");
		assertResult(client.next("connect"), "connected");
		client.next("ready");
		Integer squared = server.call(Call.of("py_square", Integer.class).args(7).timeout(Duration.ofSeconds(30)))
			.get(60, TimeUnit.SECONDS);
		assertThat(squared).isEqualTo(49);
	}

	@Test
	void ourClientGetsEveryValueOfTheTableFromAPythonServer() throws Exception {
		TcpClientBroker client = javaClientOfPythonServer(KEY);
		client.connect(Duration.ofSeconds(30));
		Map<?, ?> kinds = client.call(Call.of("kinds", Map.class).timeout(Duration.ofSeconds(30)))
			.get(60, TimeUnit.SECONDS);
		assertThat(kinds.get("none")).isNull();
		assertThat(kinds.get("t")).isEqualTo(true);
		assertThat(kinds.get("f")).isEqualTo(1.5);
		assertThat(kinds.get("s")).isEqualTo("héllo");
		assertThat((byte[]) kinds.get("b")).containsExactly(0, 1);
		assertThat((byte[]) kinds.get("ba")).containsExactly(2);
		assertThat(kinds.get("l")).isEqualTo(List.of(1, "a"));
		assertThat(kinds.get("tup")).isEqualTo(List.of(1, 2));
		assertThat(kinds.get("big")).isEqualTo(BigInteger.TWO.pow(70));
		assertThat(kinds.get("set")).isEqualTo(Set.of(1));
		assertThat(kinds.get("fs")).isEqualTo(Set.of(2));
		assertThat(kinds.get("dt")).isEqualTo(LocalDateTime.of(2026, 11, 29, 12, 0));
		assertThat(kinds.get("adt")).isEqualTo(OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC));
		assertThat(kinds.get("d")).isEqualTo(LocalDate.of(2026, 11, 29));
		assertThat(kinds.get("tm")).isEqualTo(LocalTime.of(8, 30));
		assertThat(kinds.get("td")).isEqualTo(Duration.ofSeconds(90));
		assertThat(kinds.get("dec")).isEqualTo(new BigDecimal("1.10"));
		// and a product of ints, as the Python example serves it
		assertThat(client.call(Call.of("mul", Long.class).args(6, 7)).get(60, TimeUnit.SECONDS)).isEqualTo(42L);
	}

	@Test
	void aDataclassResultBindsToARecord() throws Exception {
		TcpClientBroker client = javaClientOfPythonServer(KEY);
		client.connect(Duration.ofSeconds(30));
		assertThat(client.call(Call.of("point", Point.class)).get(60, TimeUnit.SECONDS)).isEqualTo(new Point(1, 2));
		// and a record we send comes back from Python's echo as a dict that binds again
		assertThat(client.call(Call.of("echo", Point.class).args(new Point(3, 4))).get(60, TimeUnit.SECONDS))
			.isEqualTo(new Point(3, 4));
	}

	@Test
	void pythonExceptionsBecomeRemoteTaskExceptionsAndTimeoutErrorATimeout() throws Exception {
		TcpClientBroker client = javaClientOfPythonServer(KEY);
		client.connect(Duration.ofSeconds(30));
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> client.call(Call.of("boom", Object.class)).get(60, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOfSatisfying(RemoteTaskException.class, (remote) -> {
				assertThat(remote.getRemoteType()).isEqualTo("builtins.ValueError");
				assertThat(remote.getRemoteMessage()).isEqualTo("boom");
			});
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> client.call(Call.of("declined", Object.class)).get(60, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOfSatisfying(RemoteTaskException.class, (remote) -> {
				assertThat(remote.getRemoteType()).isEqualTo("__main__.PaymentDeclined");
				assertThat(remote.getRemoteMessage()).isEqualTo("card 42");
			});
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> client.call(Call.of("too_slow", Object.class).timeout(Duration.ofSeconds(60)))
				.get(90, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class)
			.withMessageContaining("too slow");
		// a result no Java value holds fails its call, saying why
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> client.call(Call.of("weird", Object.class)).get(60, TimeUnit.SECONDS))
			.havingRootCause()
			.withMessageContaining("builtins.complex");
		// the connection goes on after each of them
		assertThat(client.call(Call.of("mul", Integer.class).args(2, 3)).get(60, TimeUnit.SECONDS)).isEqualTo(6);
	}

	@Test
	void aWrongKeyIsAClearAuthenticationErrorOnOurClient() throws Exception {
		TcpClientBroker client = javaClientOfPythonServer("not-" + KEY);
		assertThatExceptionOfType(AuthenticationException.class)
			.isThrownBy(() -> client.connect(Duration.ofSeconds(30)));
	}

	@Test
	void aWrongKeyFromAPythonClientIsRefusedAndLoggedOnOurServer() throws Exception {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		root.addAppender(appender);
		this.resources.push(() -> root.detachAppender(appender));
		TcpServerBroker server = javaServer(KEY);
		PythonPeer client = python("interop_client.py", String.valueOf(server.getPort()), "not-" + KEY, "calls");
		assertError(client.next("connect"), "TimeoutError", "not connected");
		assertThat(server.getAuthenticatedConnections()).isZero();
		assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
			.anySatisfy((message) -> assertThat(message).contains("another key"));
	}

}
