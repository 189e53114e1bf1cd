package io.patio.serializer.pickle;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.patio.RemoteTaskException;
import io.patio.UnknownTaskException;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.call.Call;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two of our own brokers on pickle: discovery, values, records and error codes survive
 * the round trip as they do in JSON.
 */
class JavaPeersOnPickleTests {

	public record Event(String name, LocalDate day, byte[] blob) {
	}

	public static class Tasks {

		public int mul(int a, int b) {
			return a * b;
		}

		public Event rename(Event event, String name) {
			return new Event(name, event.day(), event.blob());
		}

		public Map<String, Object> kinds(List<Object> values) {
			return Map.of("values", values);
		}

		public void boom() {
			throw new IllegalStateException("kaput");
		}

	}

	private ThreadPoolPatioExecutor executor;

	private TcpServerBroker server;

	private TcpClientBroker client;

	@BeforeEach
	void start() {
		Registry registry = new Registry();
		Tasks tasks = new Tasks();
		for (String task : List.of("mul", "rename", "kinds", "boom")) {
			registry.register(task, tasks, task);
		}
		this.executor = new ThreadPoolPatioExecutor(registry, 2, 100);
		TcpBrokerOptions options = TcpBrokerOptions.builder()
			.serializer(Serializer.forName("pickle"))
			.key("java-peers")
			.eventLoopThreads(1)
			.build();
		this.server = new TcpServerBroker(this.executor, options, "127.0.0.1:0");
		this.server.start();
		this.client = new TcpClientBroker(new NullPatioExecutor(new Registry()), options,
				"127.0.0.1:" + this.server.getPort());
		this.client.connect(Duration.ofSeconds(30));
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
		this.executor.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void callsRecordsAndValuesRoundTrip() throws Exception {
		assertThat(this.client.getServerStatuses()).isNotEmpty();
		assertThat(this.client.call("mul", Integer.class, 6, 7).get(30, TimeUnit.SECONDS)).isEqualTo(42);
		Event event = this.client
			.call("rename", Event.class, new Event("a", LocalDate.of(2026, 11, 29), new byte[] { 1, 2 }), "b")
			.get(30, TimeUnit.SECONDS);
		assertThat(event.name()).isEqualTo("b");
		assertThat(event.day()).isEqualTo(LocalDate.of(2026, 11, 29));
		assertThat(event.blob()).containsExactly(1, 2);
	}

	@Test
	void errorCodesSurvive() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> this.client.call(Call.of("boom", Object.class)).get(30, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOfSatisfying(RemoteTaskException.class, (remote) -> {
				assertThat(remote.getRemoteType()).isEqualTo("java.lang.IllegalStateException");
				assertThat(remote.getRemoteMessage()).isEqualTo("kaput");
			});
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> this.client.call(Call.of("nope", Object.class)).get(30, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOf(UnknownTaskException.class);
	}

}
