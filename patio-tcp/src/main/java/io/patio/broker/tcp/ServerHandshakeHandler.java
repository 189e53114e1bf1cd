package io.patio.broker.tcp;

import java.security.MessageDigest;

import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.patio.protocol.FaultLog;
import io.patio.protocol.Frame;
import io.patio.protocol.HandshakeDigest;
import io.patio.protocol.PacketType;
import io.patio.serializer.SerializationException;

/**
 * The accepting side of the handshake: sends a fresh challenge, checks the client's
 * digest over exactly that challenge (no replay) in constant time, answers AUTH_OK or
 * closes. A handshake that does not finish in time, or any other packet before AUTH_OK,
 * closes the connection with a logged reason. Until AUTH_OK the frame decoder accepts
 * only frames of {@code handshake-max-frame-size}, and the AUTH_REQUEST is read as
 * exactly a list of three byte strings, never as a general tree.
 */
final class ServerHandshakeHandler extends HandshakeHandler {

	private final FaultLog log;

	private byte[] challenge;

	ServerHandshakeHandler(AbstractTcpBroker broker) {
		super(broker);
		this.log = new FaultLog(LoggerFactory.getLogger(ServerHandshakeHandler.class), broker.faultBudget());
	}

	@Override
	void started(ChannelHandlerContext ctx) {
		this.challenge = this.serializer.encode(HandshakeDigest.randomBytes(HandshakeDigest.CHALLENGE_SIZE));
		ctx.writeAndFlush(new Frame(PacketType.AUTH_DIGEST, this.broker.serials().next(), this.challenge));
	}

	@Override
	void timedOut(ChannelHandlerContext ctx, long millis) {
		reject(ctx, "the handshake did not finish within " + millis + " ms");
	}

	@Override
	void read(ChannelHandlerContext ctx, Frame frame) {
		if (frame.type() != PacketType.AUTH_REQUEST) {
			reject(ctx, frame.type() + " before the handshake finished");
			return;
		}
		String failure = check(frame);
		if (failure != null) {
			reject(ctx, "authentication failed (" + failure + ")");
			return;
		}
		decide();
		// a refused client is answered and closed by the broker; nothing it sent after
		// its AUTH_REQUEST is read
		if (this.broker.admitAuthenticated(ctx)) {
			ctx.writeAndFlush(
					new Frame(PacketType.AUTH_OK, this.broker.serials().next(), this.serializer.encode(null)));
			handOver(ctx);
		}
	}

	private String check(Frame frame) {
		byte[] salt;
		byte[] digest;
		byte[] token;
		try {
			// read as exactly the shape expected, never as a general tree
			byte[][] triple = this.serializer.decodeByteStrings(frame.payload(), 3);
			salt = triple[0];
			digest = triple[1];
			token = triple[2];
		}
		catch (SerializationException ex) {
			return "AUTH_REQUEST is not a (salt, digest, token) triple of byte strings; the client may use another"
					+ " serializer";
		}
		if (salt.length < 1 || salt.length > 8) {
			return "salt of " + salt.length + " bytes";
		}
		if (digest.length != HandshakeDigest.DIGEST_SIZE) {
			return "digest of " + digest.length + " bytes";
		}
		if (!MessageDigest.isEqual(token, this.challenge)) {
			return "the token is not the challenge sent on this connection";
		}
		if (!HandshakeDigest.verify(this.broker.getOptions().key(), salt, token, digest)) {
			return "wrong digest: the client uses another key";
		}
		return null;
	}

	private void reject(ChannelHandlerContext ctx, String reason) {
		decide();
		this.log.closing(ctx.channel().remoteAddress(), reason);
		ctx.close();
	}

}
