package io.patio.broker.tcp;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.patio.AuthenticationException;
import io.patio.PatioException;
import io.patio.protocol.Frame;
import io.patio.protocol.FrameDecoder;
import io.patio.protocol.PacketType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two handshake handlers, each in the pipeline its broker builds, talking through
 * their bytes: on success each installs the connection's handlers and leaves; on a wrong
 * key the server closes and the client reports it.
 */
class HandshakeHandlerTests {

	private final List<PatioException> clientFailures = new ArrayList<>();

	private final List<AutoCloseable> closing = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.closing) {
			resource.close();
		}
	}

	/**
	 * A channel with the pipeline {@code broker} builds, its handshake {@code handshake}.
	 */
	private EmbeddedChannel channel(AbstractTcpBroker broker, TcpConnection.Direction direction,
			java.util.function.Supplier<HandshakeHandler> handshake) {
		this.closing.add(broker);
		EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
			@Override
			protected void initChannel(Channel ch) {
				broker.initPipeline(ch, direction, handshake.get(), null);
			}
		});
		this.closing.add(channel::finishAndReleaseAll);
		return channel;
	}

	private EmbeddedChannel server(String key) {
		TcpServerBroker broker = new TcpServerBroker(new ScriptedExecutor("mul"), TcpPeers.fast().key(key).build(),
				"127.0.0.1:0");
		return channel(broker, TcpConnection.Direction.INBOUND, () -> new ServerHandshakeHandler(broker));
	}

	private EmbeddedChannel client(String key) {
		TcpClientBroker broker = new TcpClientBroker(new ScriptedExecutor(), TcpPeers.fast().key(key).build(),
				"127.0.0.1:1");
		return channel(broker, TcpConnection.Direction.OUTBOUND,
				() -> new ClientHandshakeHandler(broker, "test-server", this.clientFailures::add));
	}

	/** Moves every byte {@code from} wrote into {@code to}; whether there were any. */
	private static boolean pass(EmbeddedChannel from, EmbeddedChannel to) {
		boolean any = false;
		ByteBuf bytes;
		while ((bytes = from.readOutbound()) != null) {
			any = true;
			to.writeInbound(bytes);
		}
		return any;
	}

	private static List<String> names(EmbeddedChannel channel) {
		return channel.pipeline().names();
	}

	@Test
	void handshakeHandsBothSidesOverToTheConnection() {
		EmbeddedChannel server = server("k");
		EmbeddedChannel client = client("k");
		assertThat(names(server)).contains("handshake").doesNotContain("packet-codec");
		// AUTH_DIGEST, AUTH_REQUEST, AUTH_OK, then each side's DISCOVER_REQUEST
		assertThat(pass(server, client)).isTrue();
		assertThat(pass(client, server)).isTrue();
		assertThat(names(server)).doesNotContain("handshake")
			.containsSubsequence("idle", "frame-encoder", "flush", "frame-decoder", "packet-codec", "keepalive",
					"outbound-calls", "flow-control", "inbound-calls", "discovery", TcpConnection.FAULTS);
		assertThat(pass(server, client)).isTrue();
		assertThat(names(client)).doesNotContain("handshake").contains("packet-codec", "inbound-calls");
		// discovery both ways, through the real codecs and framing
		pass(client, server);
		pass(server, client);
		pass(client, server);
		assertThat(server.isOpen()).isTrue();
		assertThat(client.isOpen()).isTrue();
		assertThat(this.clientFailures).isEmpty();
		assertThat(server.pipeline().get(FrameDecoder.class)).isNotNull();
	}

	@Test
	void wrongKeyClosesTheServerSideAndFailsTheClient() {
		EmbeddedChannel server = server("right");
		EmbeddedChannel client = client("wrong");
		pass(server, client);
		pass(client, server);
		assertThat(server.isOpen()).isFalse();
		assertThat(names(server)).doesNotContain("packet-codec");
		// the server's close reaches the client as the end of its connection
		client.close();
		assertThat(this.clientFailures).singleElement().isInstanceOf(AuthenticationException.class);
		assertThat(names(client)).doesNotContain("packet-codec");
	}

	@Test
	void packetBeforeTheHandshakeEndsClosesTheServerSide() {
		EmbeddedChannel server = server("k");
		server.readOutbound();
		server.writeInbound(EmbeddedConnection.frame(PacketType.REQUEST, 1, null));
		assertThat(server.isOpen()).isFalse();
		assertThat(server.<Object>readInbound()).isNull();
	}

	@Test
	void frameOtherThanTheChallengeFailsTheClient() {
		EmbeddedChannel client = client("k");
		client.writeInbound(new Frame(PacketType.DISCOVER_REQUEST, 1, new byte[] { 'n', 'u', 'l', 'l' }));
		assertThat(client.isOpen()).isFalse();
		assertThat(this.clientFailures).singleElement()
			.satisfies((failure) -> assertThat(failure).hasMessageContaining("is it a patio server?"));
	}

}
