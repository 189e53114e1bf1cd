package io.patio.broker.tcp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Back-pressure on the peer's calls: the connection stops reading while
 * {@code maxInFlightPerConnection} of the peer's calls run, while the executor turns its
 * calls away (saturated), or while the channel is not writable (our answers are not
 * leaving). A {@link Packet.Call} read meanwhile (at most one read's worth) is held here,
 * and passed on in order as soon as one may run: a call never runs past the cap. Reading
 * resumes by itself when one of the peer's calls ends, or, when the executor was
 * saturated, after a few milliseconds, to try again. Every other packet passes at once.
 * <p>
 * Netty's {@code FlowControlHandler} does not fit: it hands a held message on for every
 * {@code read()} demand, also while auto-read is off, so the cap could not rest on it;
 * and it holds every packet, where answers and pings must not wait behind calls.
 */
final class InboundFlowControl extends ChannelInboundHandlerAdapter {

	private static final VarHandle EXECUTING;

	static {
		try {
			EXECUTING = MethodHandles.lookup().findVarHandle(InboundFlowControl.class, "executing", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	static final long SATURATED_RETRY_MILLIS = 5;

	private final int maxInFlight;

	private final ConnectionCounters counters;

	// touched on the event loop only
	private final ArrayDeque<Packet.Call> held = new ArrayDeque<>();

	private ChannelHandlerContext ctx;

	/**
	 * Written on the event loop only, opaquely, and read from any thread: no fence on the
	 * path of every call.
	 */
	private int executing;

	// the executor turned a call of this peer away: stop reading until it has room again
	private boolean saturated;

	private ScheduledFuture<?> resumeTimer;

	private boolean draining;

	private boolean closed;

	/**
	 * @param maxInFlight the most of the peer's calls that run at once
	 */
	InboundFlowControl(int maxInFlight, ConnectionCounters counters) {
		this.maxInFlight = maxInFlight;
		this.counters = counters;
	}

	/** The peer's calls running, from any thread. */
	int executing() {
		return (int) EXECUTING.getOpaque(this);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof Packet.Call call)) {
			ctx.fireChannelRead(msg);
		}
		else if (mayRun()) {
			ctx.fireChannelRead(call);
		}
		else {
			this.held.add(call);
			updateAutoRead();
		}
	}

	/** A call of the peer went to the executor; on the event loop. */
	void callStarted() {
		EXECUTING.setOpaque(this, this.executing + 1);
		updateAutoRead();
	}

	/**
	 * A call of the peer ended and its answer is written; on the event loop.
	 * @param rejected whether the executor turned it away (saturated)
	 */
	void callFinished(boolean rejected) {
		EXECUTING.setOpaque(this, this.executing - 1);
		if (rejected) {
			// the executor is saturated: read no more calls until one of ours ends, or
			// try again after a while (shortly when none of ours runs: others fill the
			// executor)
			this.saturated = true;
			if (this.resumeTimer == null) {
				this.resumeTimer = this.ctx.executor().schedule(() -> {
					this.resumeTimer = null;
					this.saturated = false;
					runHeld();
					updateAutoRead();
				}, (this.executing == 0) ? SATURATED_RETRY_MILLIS : 10 * SATURATED_RETRY_MILLIS, TimeUnit.MILLISECONDS);
			}
		}
		else {
			this.saturated = false;
		}
		runHeld();
		updateAutoRead();
	}

	/** Whether a call read now may go to the executor at once. */
	private boolean mayRun() {
		return this.held.isEmpty() && !this.saturated && this.executing < this.maxInFlight;
	}

	/** Passes the held calls on, in order, as far as the cap and the executor allow. */
	private void runHeld() {
		if (this.draining) {
			return;
		}
		this.draining = true;
		try {
			while (!this.held.isEmpty() && !this.saturated && !this.closed && this.executing < this.maxInFlight) {
				this.ctx.fireChannelRead(this.held.poll());
			}
		}
		finally {
			this.draining = false;
		}
	}

	private void updateAutoRead() {
		io.netty.channel.Channel channel = this.ctx.channel();
		boolean read = channel.isWritable() && mayRun();
		if (channel.config().isAutoRead() != read) {
			if (!read) {
				this.counters.readPauses.increment();
			}
			channel.config().setAutoRead(read);
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
		updateAutoRead();
		super.channelWritabilityChanged(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.closed = true;
		if (this.resumeTimer != null) {
			this.resumeTimer.cancel(false);
		}
		// the peer is gone: nobody would read the answers of the calls it had waiting
		this.held.clear();
		super.channelInactive(ctx);
	}

}
