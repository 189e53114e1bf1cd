package io.patio.broker.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.patio.AuthenticationException;
import io.patio.RemoteTaskException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the TCP brokers report through BrokerDescription: connections, counters, server
 * states, health.
 */
@Timeout(60)
class TcpBrokerDescriptionTests {

	private final TcpPeers peers = new TcpPeers();

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
	}

	@Test
	@SuppressWarnings("unchecked")
	void connectionsCountCallsAndErrorsOnBothSides() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.connected(null, server);
		assertThat(client.call("mul", Integer.class, 2, 3).join()).isEqualTo(6);
		assertThatThrownBy(() -> client.call("boom", String.class, "no").join())
			.hasCauseInstanceOf(RemoteTaskException.class);

		TcpConnection dialled = client.getConnections().get(0);
		assertThat(dialled.getCallsSent()).isEqualTo(2);
		assertThat(dialled.getErrors()).isEqualTo(1);
		assertThat(dialled.isTls()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnections().get(0).getErrors() == 1);
		assertThat(server.getConnections().get(0).getCallsReceived()).isEqualTo(2);

		Map<String, Object> serverDetails = server.details();
		assertThat(serverDetails.get("listening")).isEqualTo(List.of(TcpPeers.address(server)));
		assertThat(serverDetails).containsEntry("authenticatedConnections", 1)
			.containsEntry("unauthenticatedConnections", 0)
			.containsEntry("evictedConnections", 0L)
			.containsEntry("refusedConnections", 0L);
		Map<String, Object> accepted = ((List<Map<String, Object>>) serverDetails.get("connections")).get(0);
		assertThat(accepted).containsEntry("direction", "accepted").containsEntry("callsReceived", 2L);
		assertThat(server.health().up()).isTrue();
		assertThat(server.health().details()).containsEntry("connections", 1);

		Map<String, Object> clientDetails = client.details();
		assertThat((List<Map<String, Object>>) clientDetails.get("servers")).singleElement()
			.satisfies((s) -> assertThat(s).containsEntry("state", "connected"));
		assertThat(client.health().up()).isTrue();
	}

	@Test
	void clientTracksEachServersStateAndIsDownWithoutOne() throws Exception {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().key("right").build());
		TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().key("wrong").build(),
				TcpPeers.address(server));
		assertThat(client.getServerStatuses()).singleElement()
			.satisfies((status) -> assertThat(status.state()).isEqualTo(TcpServerStatus.State.CONNECTING));
		assertThatThrownBy(client::connect).isInstanceOf(AuthenticationException.class);
		assertThat(client.getServerStatuses().get(0).state()).isEqualTo(TcpServerStatus.State.AUTHENTICATION_FAILED);
		assertThat(client.getServerStatuses().get(0).lastError()).contains("refused the handshake")
			.doesNotContain("wrong")
			.doesNotContain("right");
		assertThat(client.health().up()).isFalse();

		server.close();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> client.getServerStatuses().get(0).state() == TcpServerStatus.State.RETRYING);
		client.close();
		assertThat(client.getServerStatuses().get(0).state()).isEqualTo(TcpServerStatus.State.STOPPED);
		assertThat(client.health().up()).isFalse();
	}

}
