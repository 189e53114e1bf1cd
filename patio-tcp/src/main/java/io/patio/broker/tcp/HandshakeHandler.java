package io.patio.broker.tcp;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.patio.protocol.Frame;
import io.patio.protocol.FrameDecoder;
import io.patio.serializer.Serializer;

/**
 * What the two sides of the handshake share: the time limit, reading frames until the
 * handshake is decided, and the hand-over to the connection. The handshake reads frames
 * of at most {@code handshake-max-frame-size} bytes, with the configured serializer
 * (unbounded: the frames are small). Once decided, it reads nothing more: on success it
 * lifts the frame decoder's handshake limit, {@link TcpConnection#install installs} the
 * connection's handlers, leaves the pipeline and fires {@link HandshakeCompleted}; on
 * failure the channel closes, and what is read until then is dropped.
 */
abstract class HandshakeHandler extends ChannelInboundHandlerAdapter {

	final AbstractTcpBroker broker;

	final Serializer serializer;

	private TcpConnection connection;

	private ScheduledFuture<?> timeout;

	private boolean decided;

	HandshakeHandler(AbstractTcpBroker broker) {
		this.broker = broker;
		this.serializer = broker.getOptions().getSerializer();
	}

	/** The connection to hand over to; set before the channel is active. */
	final void handOverTo(TcpConnection connection) {
		this.connection = connection;
	}

	@Override
	public final void channelActive(ChannelHandlerContext ctx) throws Exception {
		long millis = this.broker.getOptions().getHandshakeTimeout().toMillis();
		this.timeout = ctx.executor().schedule(() -> {
			if (!this.decided) {
				timedOut(ctx, millis);
			}
		}, millis, TimeUnit.MILLISECONDS);
		started(ctx);
		super.channelActive(ctx);
	}

	@Override
	public final void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!this.decided) {
			read(ctx, (Frame) msg);
		}
	}

	/** The channel is active: the handshake's first move, if this side makes it. */
	void started(ChannelHandlerContext ctx) {
	}

	/** A frame while the handshake is undecided. */
	abstract void read(ChannelHandlerContext ctx, Frame frame);

	/** The handshake did not finish within {@code millis}: close, saying why. */
	abstract void timedOut(ChannelHandlerContext ctx, long millis);

	/** Whether the handshake is decided, either way. */
	final boolean isDecided() {
		return this.decided;
	}

	/** Decides the handshake: no frame is read from here on, and the timer stops. */
	final void decide() {
		this.decided = true;
		if (this.timeout != null) {
			this.timeout.cancel(false);
		}
	}

	/**
	 * The handshake succeeded (and is decided): from the next frame on, the full frame
	 * limit applies and the connection's handlers read.
	 */
	final void handOver(ChannelHandlerContext ctx) {
		decide();
		ctx.pipeline().get(FrameDecoder.class).authenticated();
		this.connection.install(ctx.pipeline());
		ctx.pipeline().remove(this);
		ctx.fireUserEventTriggered(HandshakeCompleted.INSTANCE);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.timeout != null) {
			this.timeout.cancel(false);
		}
		super.channelInactive(ctx);
	}

}
