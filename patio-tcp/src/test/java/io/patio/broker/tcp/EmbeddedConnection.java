package io.patio.broker.tcp;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.embedded.EmbeddedChannel;
import io.patio.protocol.Frame;
import io.patio.protocol.PacketType;
import io.patio.serializer.JsonSerializer;
import tools.jackson.databind.JsonNode;

/**
 * A connection's handlers on an {@link EmbeddedChannel}, after a handshake that never
 * happened: frames go in as objects, frames come out as objects, and the broker behind is
 * a real one that was never started (its routes, serials and counters work; it has no
 * network).
 */
final class EmbeddedConnection implements AutoCloseable {

	final ScriptedExecutor executor;

	final TcpServerBroker broker;

	final EmbeddedChannel channel = new EmbeddedChannel();

	final TcpConnection connection;

	EmbeddedConnection(TcpBrokerOptions options, String... tasks) {
		this.executor = new ScriptedExecutor(tasks);
		this.broker = new TcpServerBroker(this.executor, options, "127.0.0.1:0");
		this.connection = new TcpConnection(this.broker, this.channel, TcpConnection.Direction.INBOUND);
		this.channel.pipeline().addLast(TcpConnection.FAULTS, this.connection.faultHandler());
		this.connection.install(this.channel.pipeline());
	}

	static EmbeddedConnection withTasks(String... tasks) {
		return new EmbeddedConnection(TcpPeers.fast().build(), tasks);
	}

	/** Fires the end of the handshake, and takes the DISCOVER_REQUEST it sends. */
	EmbeddedConnection handshakeCompleted() {
		this.channel.pipeline().fireUserEventTriggered(HandshakeCompleted.INSTANCE);
		Frame discover = readFrame();
		if (discover.type() != PacketType.DISCOVER_REQUEST) {
			throw new AssertionError("expected a DISCOVER_REQUEST, not " + discover);
		}
		return this;
	}

	/** Handshake, discovery both ways: the connection is routable. */
	EmbeddedConnection ready(String... peerTasks) {
		handshakeCompleted();
		receive(PacketType.DISCOVER_REQUEST, 1, null);
		readFrame();
		receive(PacketType.DISCOVER_RESPONSE, 2, List.of(peerTasks));
		return this;
	}

	/** Reads a frame of {@code type} whose payload is the JSON of {@code value}. */
	void receive(PacketType type, long serial, Object value) {
		this.channel.writeInbound(frame(type, serial, value));
	}

	static Frame frame(PacketType type, long serial, Object value) {
		return new Frame(type, serial, JsonSerializer.INSTANCE.encode(value));
	}

	/** The next frame written; fails the test when there is none. */
	Frame readFrame() {
		this.channel.runPendingTasks();
		Object written = this.channel.readOutbound();
		if (!(written instanceof Frame frame)) {
			throw new AssertionError("expected a frame, not " + written);
		}
		return frame;
	}

	/** Every frame written so far. */
	List<Frame> readFrames() {
		this.channel.runPendingTasks();
		List<Frame> frames = new ArrayList<>();
		Object written;
		while ((written = this.channel.readOutbound()) != null) {
			frames.add((Frame) written);
		}
		return frames;
	}

	static JsonNode payload(Frame frame) {
		return JsonSerializer.INSTANCE.decode(frame.payload());
	}

	@Override
	public void close() {
		this.channel.finishAndReleaseAll();
	}

}
