package io.patio.broker.tcp;

import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.patio.AuthenticationException;
import io.patio.ConnectionLostException;
import io.patio.PatioException;
import io.patio.protocol.Frame;
import io.patio.protocol.HandshakeDigest;
import io.patio.protocol.PacketType;
import io.patio.serializer.SerializationException;

/**
 * The connecting side of the handshake: answers the server's challenge with the keyed
 * BLAKE2s digest over its raw payload bytes, then waits for AUTH_OK. A server that closes
 * after our AUTH_REQUEST refused our key; that is reported as an
 * {@link AuthenticationException}.
 */
final class ClientHandshakeHandler extends HandshakeHandler {

	private static final Logger log = LoggerFactory.getLogger(ClientHandshakeHandler.class);

	private final String server;

	private final Consumer<PatioException> onFailure;

	private boolean requestSent;

	private PatioException failure;

	ClientHandshakeHandler(AbstractTcpBroker broker, String server, Consumer<PatioException> onFailure) {
		super(broker);
		this.server = server;
		this.onFailure = onFailure;
	}

	@Override
	void timedOut(ChannelHandlerContext ctx, long millis) {
		fail(ctx, handshakeTimedOut(millis));
	}

	@Override
	void read(ChannelHandlerContext ctx, Frame frame) {
		if (frame.type() == PacketType.AUTH_DIGEST && !this.requestSent) {
			byte[] token = frame.payload();
			byte[] salt = HandshakeDigest.randomBytes(HandshakeDigest.SALT_SIZE);
			byte[] digest = HandshakeDigest.compute(this.broker.getOptions().key(), salt, token);
			this.requestSent = true;
			ctx.writeAndFlush(new Frame(PacketType.AUTH_REQUEST, this.broker.serials().next(),
					this.serializer.encode(List.of(salt, digest, token))));
			return;
		}
		if (frame.type() == PacketType.AUTH_OK && this.requestSent) {
			handOver(ctx);
			return;
		}
		if (frame.type() == PacketType.ERROR && this.requestSent) {
			fail(ctx, refused(frame));
			return;
		}
		fail(ctx, new ConnectionLostException(null,
				"Server " + this.server + " sent " + frame.type() + " during the handshake; is it a patio server?"));
	}

	/**
	 * A handshake that did not finish in time. After our AUTH_REQUEST it is most likely a
	 * wrong key: a Python patio server neither answers nor closes the connection when the
	 * digest does not match.
	 */
	private PatioException handshakeTimedOut(long millis) {
		if (this.requestSent) {
			return new AuthenticationException(null,
					"Server " + this.server + " did not accept our AUTH_REQUEST within " + millis
							+ " ms: the key likely differs from the server's (a Python patio server neither answers"
							+ " nor closes on a wrong key), the server uses another serializer than '"
							+ this.serializer.getName() + "', or it is overloaded");
		}
		return new ConnectionLostException(null,
				"The handshake with " + this.server + " did not finish within " + millis + " ms");
	}

	/**
	 * The server accepted our key but refused the connection (e.g. over its
	 * max-connections): it answered ERROR instead of AUTH_OK.
	 */
	private PatioException refused(Frame frame) {
		String reason;
		try {
			reason = this.serializer.decodeError(frame.payload()).toException(null).getMessage();
		}
		catch (SerializationException ex) {
			reason = "an ERROR that does not decode";
		}
		return new ConnectionLostException(null, "Server " + this.server + " refused the connection: " + reason);
	}

	private void fail(ChannelHandlerContext ctx, PatioException error) {
		if (isDecided()) {
			return;
		}
		decide();
		this.failure = error;
		log.warn("Closing connection to {}: {}", this.server, error.getMessage());
		ctx.close();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
		if (isDecided()) {
			super.exceptionCaught(ctx, cause);
			return;
		}
		Throwable root = cause;
		while (root.getCause() != null && !(root instanceof SSLException)) {
			root = root.getCause();
		}
		if (root instanceof SSLException) {
			fail(ctx,
					new AuthenticationException(null, "The TLS handshake with " + this.server + " failed: "
							+ root.getMessage() + " (does the client trust the server's certificate, does the host name"
							+ " match it, and, if the server requires one, does the client present a certificate the"
							+ " server trusts?)", root));
		}
		else {
			fail(ctx,
					new ConnectionLostException(null, "The connection to " + this.server + " failed: " + cause, cause));
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (!isDecided()) {
			decide();
			this.failure = this.requestSent
					? new AuthenticationException(null,
							"Server " + this.server
									+ " refused the handshake: the key differs from the server's, or the server uses"
									+ " another serializer than '" + this.serializer.getName() + "'")
					: new ConnectionLostException(null,
							"Server " + this.server + " closed the connection before the handshake");
			log.warn("{}", this.failure.getMessage());
		}
		if (this.failure != null) {
			this.onFailure.accept(this.failure);
		}
		super.channelInactive(ctx);
	}

}
