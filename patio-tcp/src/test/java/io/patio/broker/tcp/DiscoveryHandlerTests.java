package io.patio.broker.tcp;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.patio.ConnectionLostException;
import io.patio.protocol.Frame;
import io.patio.protocol.PacketType;

import static io.patio.broker.tcp.EmbeddedConnection.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery both ways on one connection, and its place in the broker's routes. */
class DiscoveryHandlerTests {

	private final EmbeddedConnection embedded = EmbeddedConnection.withTasks("mul", "add");

	@AfterEach
	void close() {
		this.embedded.close();
	}

	@Test
	void handshakeRegistersTheConnectionAndAsksForTasks() {
		assertThat(this.embedded.broker.getConnections()).isEmpty();
		this.embedded.channel.pipeline().fireUserEventTriggered(HandshakeCompleted.INSTANCE);
		Frame discover = this.embedded.readFrame();
		assertThat(discover.type()).isEqualTo(PacketType.DISCOVER_REQUEST);
		assertThat(this.embedded.broker.getConnections()).containsExactly(this.embedded.connection);
		assertThat(this.embedded.connection.getConnectedSince()).isNotNull();
		assertThat(this.embedded.connection.isReady()).isFalse();
	}

	@Test
	void routableOnceDiscoveredBothWays() {
		this.embedded.handshakeCompleted();
		this.embedded.receive(PacketType.DISCOVER_RESPONSE, 5, List.of("square"));
		// the peer's tasks are known, but it has not asked for ours yet
		assertThat(this.embedded.connection.getAdvertisedTasks()).containsExactly("square");
		assertThat(this.embedded.connection.isReady()).isFalse();
		this.embedded.receive(PacketType.DISCOVER_REQUEST, 6, null);
		Frame answer = this.embedded.readFrame();
		assertThat(answer.type()).isEqualTo(PacketType.DISCOVER_RESPONSE);
		assertThat(answer.serial()).isEqualTo(6);
		assertThat(payload(answer).values()).extracting((node) -> node.stringValue())
			.containsExactlyInAnyOrder("mul", "add");
		assertThat(this.embedded.connection.isReady()).isTrue();
		assertThat(this.embedded.connection.readyFuture()).isCompletedWithValue(this.embedded.connection);
	}

	@Test
	void laterDiscoveryUpdatesTheRoutes() throws Exception {
		this.embedded.ready("square", "cube");
		this.embedded.receive(PacketType.DISCOVER_RESPONSE, 9, List.of("cube"));
		assertThat(this.embedded.connection.getAdvertisedTasks()).containsExactly("cube");
		// a call for the task the peer no longer offers does not go to it
		this.embedded.readFrames();
		OutboundCall gone = new OutboundCall(
				io.patio.call.CallRequest.of("square", new Object[0], null, Duration.ofMillis(1), null));
		gone.startTimer();
		this.embedded.broker.router().route(gone);
		assertThat(this.embedded.readFrames()).isEmpty();
		OutboundCall kept = new OutboundCall(io.patio.call.CallRequest.of("cube", new Object[0], null, null, null));
		this.embedded.broker.router().route(kept);
		assertThat(this.embedded.readFrame().type()).isEqualTo(PacketType.REQUEST);
	}

	@Test
	void closingBeforeDiscoveryFailsReadinessAndLeavesTheBroker() {
		this.embedded.handshakeCompleted();
		this.embedded.channel.close();
		assertThat(this.embedded.broker.getConnections()).isEmpty();
		assertThat(this.embedded.connection.isOpen()).isFalse();
		assertThatThrownBy(() -> this.embedded.connection.readyFuture().join())
			.hasCauseInstanceOf(ConnectionLostException.class)
			.hasMessageContaining("closed before discovery finished");
	}

}
