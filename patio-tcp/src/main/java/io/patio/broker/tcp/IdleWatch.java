package io.patio.broker.tcp;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.patio.call.PeriodicTask;

/**
 * Fires an {@link IdleStateEvent} (reader idle) when a connection read no whole frame for
 * the ping interval, and again every interval it stays silent: what makes
 * {@link TcpConnection} ping its peer. Netty's {@code IdleStateHandler} does the same,
 * but an {@code Error} while it schedules its next check stops it for good; this one's
 * check is a {@link PeriodicTask}, which survives anything.
 */
final class IdleWatch extends ChannelDuplexHandler {

	private final long intervalNanos;

	/** Touched on the event loop only. */
	private long lastRead;

	private boolean reading;

	private boolean first = true;

	private PeriodicTask check;

	/** Whole frames read so far, from the frame decoder after this handler. */
	private final java.util.function.LongSupplier framesRead;

	private long framesSeen;

	/**
	 * @param intervalMillis the ping interval
	 * @param framesRead whole frames read so far: a read counts only when it completed a
	 * frame, so that bytes trickling in without ever making one count as silence
	 */
	IdleWatch(long intervalMillis, java.util.function.LongSupplier framesRead) {
		this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
		this.framesRead = framesRead;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
			start(ctx);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		start(ctx);
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		stop();
		super.channelInactive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		stop();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		this.reading = true;
		ctx.fireChannelRead(msg);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
		if (this.reading) {
			this.reading = false;
			long frames = this.framesRead.getAsLong();
			if (frames != this.framesSeen) {
				this.framesSeen = frames;
				this.lastRead = System.nanoTime();
				this.first = true;
			}
		}
		ctx.fireChannelReadComplete();
	}

	private void start(ChannelHandlerContext ctx) {
		if (this.check != null) {
			return;
		}
		this.lastRead = System.nanoTime();
		this.check = new PeriodicTask("ping of " + ctx.channel(), PeriodicTask.on(ctx.executor()),
				Math.min(this.intervalNanos, TimeUnit.SECONDS.toNanos(1)), () -> check(ctx));
		this.check.schedule(this.intervalNanos);
	}

	private void stop() {
		if (this.check != null) {
			this.check.cancel();
		}
	}

	/** Runs on the event loop; returns the delay to the next check. */
	private long check(ChannelHandlerContext ctx) {
		if (!ctx.channel().isOpen()) {
			return PeriodicTask.STOP;
		}
		long silentFor = this.reading ? 0L : System.nanoTime() - this.lastRead;
		long left = this.intervalNanos - silentFor;
		if (left > 0) {
			return left;
		}
		IdleStateEvent event = this.first ? IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT
				: IdleStateEvent.READER_IDLE_STATE_EVENT;
		this.first = false;
		ctx.fireUserEventTriggered(event);
		return this.intervalNanos;
	}

}
