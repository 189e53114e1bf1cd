package io.patio.broker.tcp;

import java.security.MessageDigest;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.patio.protocol.FaultLog;
import io.patio.protocol.Frame;
import io.patio.protocol.FrameDecoder;
import io.patio.protocol.HandshakeDigest;
import io.patio.protocol.PacketType;
import io.patio.serializer.SerializationException;
import io.patio.serializer.Serializer;

/**
 * The accepting side of the handshake: sends a fresh challenge, checks the client's
 * digest over exactly that challenge (no replay) in constant time, answers AUTH_OK or
 * closes. A handshake that does not finish in time, or any other packet before AUTH_OK,
 * closes the connection with a logged reason. Until AUTH_OK the frame decoder accepts
 * only frames of {@code handshake-max-frame-size}, and the AUTH_REQUEST is read as
 * exactly a list of three byte strings, never as a general tree.
 */
final class ServerHandshakeHandler extends ChannelInboundHandlerAdapter {

	private final FaultLog log;

	private final AbstractTcpBroker broker;

	private final Serializer serializer;

	private byte[] challenge;

	private ScheduledFuture<?> timeout;

	private boolean done;

	ServerHandshakeHandler(AbstractTcpBroker broker) {
		this.broker = broker;
		this.serializer = broker.getOptions().getSerializer();
		this.log = new FaultLog(LoggerFactory.getLogger(ServerHandshakeHandler.class), broker.faultBudget());
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		long millis = this.broker.getOptions().getHandshakeTimeout().toMillis();
		this.timeout = ctx.executor().schedule(() -> {
			log.closing(ctx.channel().remoteAddress(), "the handshake did not finish within " + millis + " ms");
			ctx.close();
		}, millis, TimeUnit.MILLISECONDS);
		this.challenge = this.serializer.encode(HandshakeDigest.randomBytes(HandshakeDigest.CHALLENGE_SIZE));
		ctx.writeAndFlush(new Frame(PacketType.AUTH_DIGEST, this.broker.serials().next(), this.challenge));
		super.channelActive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.done) {
			ctx.fireChannelRead(msg);
			return;
		}
		Frame frame = (Frame) msg;
		if (frame.type() != PacketType.AUTH_REQUEST) {
			reject(ctx, frame.type() + " before the handshake finished");
			return;
		}
		String failure = check(frame);
		if (failure != null) {
			reject(ctx, "authentication failed (" + failure + ")");
			return;
		}
		this.done = true;
		this.timeout.cancel(false);
		if (!this.broker.admitAuthenticated(ctx)) {
			return;
		}
		// from the next frame on, the full frame limit applies
		ctx.pipeline().get(FrameDecoder.class).authenticated();
		ctx.writeAndFlush(new Frame(PacketType.AUTH_OK, this.broker.serials().next(), this.serializer.encode(null)));
		ctx.pipeline().remove(this);
		ctx.fireUserEventTriggered(HandshakeCompleted.INSTANCE);
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
		this.done = true;
		log.closing(ctx.channel().remoteAddress(), reason);
		ctx.close();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.timeout != null) {
			this.timeout.cancel(false);
		}
		super.channelInactive(ctx);
	}

}
