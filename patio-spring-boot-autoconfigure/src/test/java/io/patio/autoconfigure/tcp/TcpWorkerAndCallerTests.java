package io.patio.autoconfigure.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.patio.broker.tcp.TcpServerBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static io.patio.autoconfigure.tcp.TcpPeerApplications.broker;
import static io.patio.autoconfigure.tcp.TcpPeerApplications.connections;
import static io.patio.autoconfigure.tcp.TcpPeerApplications.details;
import static io.patio.autoconfigure.tcp.TcpPeerApplications.firstServer;
import static io.patio.autoconfigure.tcp.TcpPeerApplications.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker application and a caller application in one JVM over loopback: calls, what the
 * endpoint and health show on each side, and how they follow the worker going away and
 * coming back, or a wrong key.
 */
@Timeout(120)
class TcpWorkerAndCallerTests {

	private static final String KEY = "worker-and-caller-key";

	private final TcpPeerApplications apps = new TcpPeerApplications();

	@AfterEach
	void closeAll() {
		this.apps.close();
	}

	@Test
	void callerCallsTheWorkerAndBothDescribeTheirConnection() throws Exception {
		ConfigurableApplicationContext worker = this.apps.worker("patio.broker.tcp.key=" + KEY);
		int port = ((TcpServerBroker) broker(worker)).getPort();
		ConfigurableApplicationContext caller = this.apps.caller(port, "patio.broker.tcp.key=" + KEY);

		assertThat(broker(caller).call("mul", Integer.class, 6, 7).get()).isEqualTo(42);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(health(caller).getStatus().getCode()).isEqualTo("UP"));
		Map<String, Object> callerConnection = connections(caller).get(0);
		assertThat(callerConnection).containsEntry("remoteAddress", "127.0.0.1:" + port)
			.containsEntry("direction", "dialled")
			.containsEntry("tls", false)
			.containsEntry("advertisedTasks", List.of("fail", "mul"))
			.containsEntry("callsSent", 1L)
			.containsEntry("callsInFlight", 0);
		assertThat(callerConnection.get("connectedSince")).isNotNull();
		assertThat(firstServer(caller)).containsEntry("address", "127.0.0.1:" + port)
			.containsEntry("state", "connected");

		assertThat(details(worker)).containsEntry("listening", List.of("127.0.0.1:" + port));
		Map<String, Object> workerConnection = connections(worker).get(0);
		assertThat(workerConnection).containsEntry("direction", "accepted")
			.containsEntry("advertisedTasks", List.of())
			.containsEntry("callsReceived", 1L);
		assertThat(health(worker).getStatus().getCode()).isEqualTo("UP");
		assertThat(health(worker).getDetails()).containsEntry("connections", 1);

		assertThat(String.valueOf(details(caller)) + details(worker) + health(caller) + health(worker))
			.doesNotContain(KEY);
	}

	@Test
	void callerHealthGoesDownWhenTheWorkerStopsAndUpWhenItReturns() throws Exception {
		ConfigurableApplicationContext worker = this.apps.worker("patio.broker.tcp.key=" + KEY);
		int port = ((TcpServerBroker) broker(worker)).getPort();
		ConfigurableApplicationContext caller = this.apps.caller(port, "patio.broker.tcp.key=" + KEY);
		assertThat(broker(caller).call("mul", Integer.class, 2, 3).get()).isEqualTo(6);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(health(caller).getStatus().getCode()).isEqualTo("UP"));

		worker.close();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(health(caller).getStatus().getCode()).isEqualTo("DOWN");
			assertThat(connections(caller)).isEmpty();
			assertThat(firstServer(caller).get("state")).isEqualTo("retrying");
			assertThat(firstServer(caller)).containsKey("lastError");
		});
		assertThat(health(caller).getDetails()).containsEntry("connectedServers", 0L);
		// DOWN, and calls say so at once instead of waiting their whole budget
		assertThat(broker(caller)
			.call(io.patio.call.Call.of("mul", Integer.class).args(2, 3).timeout(Duration.ofSeconds(60))))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(io.patio.NoPeerException.class)
			.withMessageContaining("127.0.0.1:" + port + " retrying");

		this.apps.worker("patio.broker.tcp.key=" + KEY, "patio.broker.tcp.listen=127.0.0.1:" + port);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(health(caller).getStatus().getCode()).isEqualTo("UP");
			assertThat(connections(caller)).hasSize(1);
			assertThat(firstServer(caller)).containsEntry("state", "connected").doesNotContainKey("lastError");
		});
		assertThat(broker(caller).call("mul", Integer.class, 4, 5).get()).isEqualTo(20);
	}

	@Test
	void wrongKeyShowsAsAuthenticationFailedOnTheCaller() {
		ConfigurableApplicationContext worker = this.apps.worker("patio.broker.tcp.key=" + KEY);
		int port = ((TcpServerBroker) broker(worker)).getPort();
		ConfigurableApplicationContext caller = this.apps.caller(port, "patio.broker.tcp.key=not-the-key");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(firstServer(caller)).containsEntry("state", "authentication-failed");
			assertThat((String) firstServer(caller).get("lastError")).contains("refused the handshake");
		});
		assertThat(health(caller).getStatus().getCode()).isEqualTo("DOWN");
		assertThat(String.valueOf(health(caller).getDetails())).contains("authentication-failed");
		assertThat(broker(caller)
			.call(io.patio.call.Call.of("mul", Integer.class).args(2, 3).timeout(Duration.ofSeconds(60))))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(io.patio.NoPeerException.class)
			.withMessageContaining("authentication-failed")
			.withMessageNotContaining(KEY);
		assertThat(String.valueOf(details(caller)) + health(caller) + details(worker)).doesNotContain(KEY)
			.doesNotContain("not-the-key");
	}

}
