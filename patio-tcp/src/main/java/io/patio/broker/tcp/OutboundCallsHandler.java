package io.patio.broker.tcp;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.patio.BadArgumentsException;
import io.patio.ConnectionLostException;
import io.patio.RejectedCallException;
import io.patio.ResultConversionException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.call.CallRequest;
import io.patio.protocol.Frame;
import io.patio.protocol.PacketType;
import io.patio.serializer.CallPayload;
import io.patio.serializer.SerializationException;
import io.patio.serializer.Serializer;

/**
 * This side's calls to the peer: {@link #send} encodes a call on the caller's thread and
 * writes it under a fresh serial; the peer's RESPONSEs and ERRORs complete the calls they
 * answer, and an answer nobody waits for any more (its call timed out) is dropped and
 * counted as late. While the channel is not writable (the peer reads slower than calls
 * are made), calls fail fast with {@link RejectedCallException} instead of being
 * buffered. When the channel closes, the calls in flight fail at once.
 */
final class OutboundCallsHandler extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

	private final AbstractTcpBroker broker;

	private final TcpConnection connection;

	private final Channel channel;

	private final Serializer serializer;

	private final int maxFrameSize;

	private final ConnectionCounters counters;

	private final InFlightCalls inFlight = new InFlightCalls();

	private volatile boolean closed;

	OutboundCallsHandler(AbstractTcpBroker broker, TcpConnection connection, Channel channel,
			ConnectionCounters counters) {
		this.broker = broker;
		this.connection = connection;
		this.channel = channel;
		this.serializer = broker.wireSerializer();
		this.maxFrameSize = broker.getOptions().getMaxFrameSize();
		this.counters = counters;
	}

	/** Calls sent that have no answer yet. */
	int inFlight() {
		return this.inFlight.size();
	}

	/**
	 * Sends a call, from any thread.
	 * @return {@code false} when the connection closed before the call went out (nothing
	 * was sent, so the caller may route it elsewhere)
	 */
	boolean send(OutboundCall call) {
		if (this.closed || !this.channel.isActive()) {
			// closing: a closed channel is also not writable, but this is no reason to
			// reject
			return false;
		}
		long remaining = call.request.remainingNanos();
		if (remaining <= 0) {
			call.fail(new TaskTimeoutException(call.task(),
					"Task '" + call.task() + "' ran out of its timeout before it was sent"));
			return true;
		}
		if (!this.channel.isWritable()) {
			if (this.channel.unsafe().outboundBuffer() == null || !this.channel.isActive()) {
				// not full but closing (Netty drops the buffer before the socket closes)
				return false;
			}
			// the peer reads slower than we call: fail fast instead of buffering without
			// bound
			this.counters.rejectedOutbound.increment();
			call.fail(new RejectedCallException(call.task(),
					"The connection to " + this.channel.remoteAddress()
							+ " is saturated (the peer reads slower than calls are made); task '" + call.task()
							+ "' was not sent. Retry later"));
			return true;
		}
		byte[] payload = encode(call, remaining);
		if (payload == null) {
			return true;
		}
		long serial = this.broker.serials().next();
		call.serial = serial;
		call.connection = this.connection;
		this.inFlight.put(serial, call);
		if (this.closed || call.isDone()) {
			// closed (or timed out) while we were putting it in: whoever removes it
			// answers it
			if (this.inFlight.remove(serial, call) && this.closed) {
				call.fail(lost(call.task()));
			}
			return true;
		}
		// no promise of its own: a write that fails closes the connection (the fault
		// handler), which fails every call in flight on it, this one too
		this.channel.writeAndFlush(new Frame(PacketType.REQUEST, serial, payload), this.channel.voidPromise());
		return true;
	}

	/** The REQUEST's payload, or {@code null} when the call failed instead. */
	private byte[] encode(OutboundCall call, long remainingNanos) {
		byte[] payload;
		try {
			CallRequest request = call.request;
			// in whole microseconds, rounded down: a budget the JSON writer writes fast
			Double timeout = request.hasDeadline() ? Math.floorDiv(remainingNanos, 1000) / 1e6 : null;
			payload = this.serializer.encodeCall(new CallPayload(request.task(), Arrays.asList(request.args()),
					request.kwargs(), timeout, request.headers()));
		}
		catch (SerializationException ex) {
			call.fail(new BadArgumentsException(call.task(),
					"The arguments of task '" + call.task() + "' cannot be sent: " + ex.getMessage(), ex));
			return null;
		}
		catch (RuntimeException ex) {
			// a serializer that lets an argument's own exception out (a lazy collection
			// read outside its session): the call fails, the caller's thread goes on
			call.fail(new BadArgumentsException(call.task(),
					"The arguments of task '" + call.task() + "' cannot be sent: " + ex, ex));
			return null;
		}
		if (payload.length > this.maxFrameSize) {
			call.fail(FrameLimit.tooLarge(call.task(), "The REQUEST of task '" + call.task() + "'", payload.length,
					"this broker's", this.maxFrameSize, "it was not sent"));
			return null;
		}
		return payload;
	}

	/**
	 * Fails, with a timeout, the calls in flight whose budget ran out by {@code now} (a
	 * {@link System#nanoTime()}); their answers, if they come, count as late. Runs on the
	 * broker's sweep, from any thread: whoever removes a call from the map (this, its
	 * answer, or the channel's close) is the one who ends it.
	 */
	void expireOverdue(long now) {
		this.inFlight.expireOverdue(now);
	}

	/** Drops a call that timed out; its answer, if it comes, counts as late. */
	boolean forget(OutboundCall call) {
		return this.inFlight.remove(call.serial, call);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Packet.Result result) {
			OutboundCall call = answered(result);
			if (call != null) {
				if (result.value() instanceof Packet.Undecoded undecoded) {
					try {
						complete(call, result.serial(), undecoded.payload());
					}
					catch (RuntimeException ex) {
						// out of the map already: nothing else would end it
						call.fail(new ResultConversionException(call.task(),
								"The answer to task '" + call.task() + "' does not decode: " + ex, ex));
					}
				}
				else {
					call.complete(result.value());
				}
			}
		}
		else if (msg instanceof Packet.Failure failure) {
			OutboundCall call = answered(failure);
			if (call != null) {
				this.counters.errors.increment();
				call.fail(failure.error().toException(call.task()));
			}
		}
		else if (msg instanceof Packet.UnreadableAnswer unreadable) {
			OutboundCall call = answered(unreadable);
			if (call != null) {
				unreadable(call, unreadable);
			}
		}
		else {
			ctx.fireChannelRead(msg);
		}
	}

	/**
	 * Completes a call with an answer the codec left undecoded: bound straight to the
	 * caller's record or bean class when it binds, else decoded and converted as any
	 * other answer, for the same value or the same error.
	 */
	private void complete(OutboundCall call, long serial, byte[] payload) {
		if (call.beanType != null) {
			java.util.Optional<Object> bound = this.serializer.decodeAs(payload, call.beanType);
			if (bound.isPresent()) {
				call.completeBound(bound.get());
				return;
			}
		}
		Object value;
		try {
			value = this.serializer.decode(payload);
		}
		catch (SerializationException ex) {
			unreadable(call, new Packet.UnreadableAnswer(serial, PacketType.RESPONSE, ex, payload.length));
			return;
		}
		call.complete((value instanceof tools.jackson.databind.JsonNode node && node.isNull()) ? null : value);
	}

	/** The call {@code answer} is for, or {@code null} (counted) when none waits. */
	private OutboundCall answered(Packet answer) {
		OutboundCall call = this.inFlight.answered(answer.serial());
		if (call == null) {
			this.counters.lateAnswers.increment();
			this.broker.lateAnswer();
			log.debug("Dropped a late {} with serial {} from {}", answer.getClass().getSimpleName(), answer.serial(),
					this.channel.remoteAddress());
		}
		return call;
	}

	private void unreadable(OutboundCall call, Packet.UnreadableAnswer answer) {
		if (!answer.oversized()) {
			call.fail(new ResultConversionException(call.task(),
					"The answer to task '" + call.task() + "' does not decode: " + answer.undecodable().getMessage(),
					answer.undecodable()));
			return;
		}
		boolean error = answer.type() == PacketType.ERROR;
		if (error) {
			this.counters.errors.increment();
		}
		call.fail(FrameLimit.tooLarge(call.task(),
				"The " + (error ? "error" : "result") + " of task '" + call.task() + "' from "
						+ this.channel.remoteAddress(),
				answer.size(), "this broker's", this.maxFrameSize, "it was discarded unread"));
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.closed = true;
		boolean shuttingDown = this.broker.isClosing();
		try {
			// the handlers after this one first: discovery takes the connection off the
			// routes, so a caller who retries a call failed here is not routed to it
			super.channelInactive(ctx);
		}
		finally {
			this.inFlight
				.removeAll((call) -> call.fail(shuttingDown
						? new ShuttingDownException(call.task(),
								"The broker was closed while task '" + call.task()
										+ "' was in flight; it may or may not have run on the peer")
						: lost(call.task())));
		}
	}

	private ConnectionLostException lost(String task) {
		return new ConnectionLostException(task, "The connection to " + this.channel.remoteAddress()
				+ " was lost while task '" + task + "' was in flight; it may or may not have run there");
	}

}
