package io.patio.broker.tcp;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.patio.protocol.FaultLog;
import io.patio.protocol.Serials;

/**
 * Pings a silent peer: on the {@link IdleStateEvent} of the {@link IdleWatch} (nothing
 * read for the ping interval) it sends a DISCOVER_REQUEST, which the peer must answer; a
 * peer that sends nothing at all within the ping timeout is dropped, with a logged
 * reason. Any packet from the peer shows it is alive. One ping is pending at a time.
 * <p>
 * While the flow control has stopped reading because the peer's calls fill the
 * connection's cap, silence proves nothing: the answer to a ping waits unread. Then a
 * ping that times out is followed by another instead of a close, which also keeps the
 * peer hearing from us while its calls run; once the calls end and reading resumes, a
 * peer that stays silent is dropped as before.
 */
final class KeepaliveHandler extends ChannelInboundHandlerAdapter {

	private final Serials serials;

	private final long pingTimeoutMillis;

	private final FaultLog faults;

	/** Touched on the event loop only. */
	private ScheduledFuture<?> pendingPing;

	/** How many times the flow control has stopped reading so far. */
	private final LongSupplier readPauses;

	KeepaliveHandler(Serials serials, long pingTimeoutMillis, FaultLog faults, LongSupplier readPauses) {
		this.serials = serials;
		this.readPauses = readPauses;
		this.pingTimeoutMillis = pingTimeoutMillis;
		this.faults = faults;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.pendingPing != null && msg instanceof Packet) {
			// anything the peer sends shows it is alive
			this.pendingPing.cancel(false);
			this.pendingPing = null;
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof IdleStateEvent) {
			ping(ctx);
			return;
		}
		super.userEventTriggered(ctx, event);
	}

	/** Whether a ping waits for its answer. */
	boolean isPinging() {
		return this.pendingPing != null;
	}

	private void ping(ChannelHandlerContext ctx) {
		if (this.pendingPing != null || !ctx.channel().isActive()) {
			return;
		}
		ctx.writeAndFlush(new Packet.DiscoverRequest(this.serials.next()), ctx.voidPromise());
		long pausesAtPing = this.readPauses.getAsLong();
		this.pendingPing = ctx.executor().schedule(() -> {
			this.pendingPing = null;
			if (readingPausedForItsCalls(ctx.channel()) || this.readPauses.getAsLong() != pausesAtPing) {
				// The answer may well have come: we do not read while the peer's calls
				// fill the connection's cap, and just after reading resumes it may not be
				// read yet. Ping again instead, so that the peer, which hears nothing
				// while its calls run, hears from us and keeps the connection.
				ping(ctx);
				return;
			}
			this.faults.closing(ctx.channel().remoteAddress(),
					"no answer to a ping within " + this.pingTimeoutMillis + " ms");
			ctx.close();
		}, this.pingTimeoutMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Whether the flow control stopped reading because the peer's calls fill the
	 * connection's cap (or the executor's), not because the peer reads too slowly: the
	 * only other reason it stops, and one where a peer that never reads again must still
	 * be dropped.
	 */
	private static boolean readingPausedForItsCalls(Channel channel) {
		return channel.isActive() && channel.isWritable() && !channel.config().isAutoRead();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.pendingPing != null) {
			this.pendingPing.cancel(false);
			this.pendingPing = null;
		}
		super.channelInactive(ctx);
	}

}
