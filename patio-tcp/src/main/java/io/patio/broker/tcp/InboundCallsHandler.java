package io.patio.broker.tcp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.patio.broker.CallResponder;
import io.patio.protocol.Frame;
import io.patio.protocol.PacketType;
import io.patio.serializer.ErrorPayload;
import io.patio.serializer.SerializationException;
import io.patio.serializer.Serializer;

/**
 * The peer's calls: each {@link Packet.Call} runs on the broker's executor, never on the
 * event loop, through the transport-neutral {@link CallResponder}; one left encoded is
 * decoded there too, by the thread that runs it. Its answer (the result, or the typed
 * error) is encoded on the executor thread that finished it and handed to the event loop
 * through an {@link AnswerBatch}, so the answers finished together are written in one
 * event loop task and their flushes coalesce. A {@link Packet.BadCall} is answered with
 * its error at once, and so is a call that comes while the broker is closing
 * ({@code shutting-down}). The {@link InboundFlowControl} before this handler learns when
 * calls start and end.
 */
final class InboundCallsHandler extends ChannelInboundHandlerAdapter {

	private static final Logger LOG = LoggerFactory.getLogger(InboundCallsHandler.class);

	private final CallResponder responder;

	private final Channel channel;

	private final Serializer serializer;

	private final int maxFrameSize;

	private final ConnectionCounters counters;

	private final InboundFlowControl flowControl;

	/** Answers finished on executor threads, written by the event loop in batches. */
	private final AnswerBatch<FinishedCall> finished;

	private ChannelHandlerContext ctx;

	InboundCallsHandler(AbstractTcpBroker broker, Channel channel, ConnectionCounters counters,
			InboundFlowControl flowControl) {
		this.responder = broker.responder();
		this.channel = channel;
		this.serializer = broker.wireSerializer();
		this.maxFrameSize = broker.getOptions().getMaxFrameSize();
		this.counters = counters;
		this.flowControl = flowControl;
		this.finished = new AnswerBatch<>(String.valueOf(channel), (task) -> channel.eventLoop().execute(task),
				(call) -> finishCall(call.answer(), call.rejected()), channel::isOpen);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Packet.Call call) {
			this.counters.callsReceived.increment();
			run(call);
		}
		else if (msg instanceof Packet.BadCall bad) {
			this.counters.callsReceived.increment();
			write(new Packet.Failure(bad.serial(), ErrorPayload.of(bad.error())));
		}
		else {
			ctx.fireChannelRead(msg);
		}
	}

	private void run(Packet.Call call) {
		this.flowControl.callStarted();
		long serial = call.serial();
		String task = call.task();
		// the responder answers 'shutting-down' at once while the broker closes; a call
		// left encoded is decoded by the executor, on the thread that runs it, and its
		// answer comes with no future in between
		if (call.call() != null) {
			this.responder.respond(call.call())
				.whenComplete((answer, failure) -> answered(serial, task, answer, failure));
		}
		else {
			this.responder.respond(task, call.budget(), call.decoder(),
					(answer) -> answered(serial, task, answer, null));
		}
	}

	/**
	 * On the thread that finished the call: the answer is encoded here, not on the event
	 * loop. Whatever happens, the call is answered and ends for the flow control.
	 */
	private void answered(long serial, String task, CallResponder.Answer answer, Throwable failure) {
		Frame frame;
		boolean rejected = false;
		try {
			if (failure != null) {
				throw failure;
			}
			frame = encode(serial, task, answer);
			rejected = answer.isRejected();
		}
		catch (Throwable ex) {
			frame = unanswerable(serial, task, ex);
		}
		if (this.channel.eventLoop().inEventLoop()) {
			finishCall(frame, rejected);
		}
		else {
			this.finished.add(new FinishedCall(frame, rejected));
		}
	}

	/**
	 * The ERROR frame for a call whose answer could not be made (the responder failed, or
	 * encoding its error failed too); {@code null} when not even that encodes, and then
	 * the call ends unanswered, logged, and its caller's timeout ends it there.
	 */
	private Frame unanswerable(long serial, String task, Throwable failure) {
		// the exception's message may hold the values: its class here, the rest at debug
		LOG.warn("The answer of task '{}' on {} could not be encoded ({}); it is answered with an error", task,
				this.channel, failure.getClass().getName());
		LOG.debug("The answer of task '{}' could not be encoded", task, failure);
		try {
			return new Frame(PacketType.ERROR, serial,
					this.serializer.encodeError(ErrorPayload.of(new SerializationException(
							"The answer of task '" + task + "' could not be encoded: " + failure.getClass().getName(),
							null))));
		}
		catch (RuntimeException ex) {
			LOG.error("The answer of task '{}' on {} could not be encoded, not even as an error; its caller's"
					+ " timeout will end it", task, this.channel, ex);
			return null;
		}
	}

	private Frame encode(long serial, String task, CallResponder.Answer answer) {
		ErrorPayload error = answer.error();
		if (error == null) {
			try {
				byte[] payload = this.serializer.encode(answer.result());
				if (payload.length <= this.maxFrameSize) {
					return new Frame(PacketType.RESPONSE, serial, payload);
				}
				error = ErrorPayload.of(FrameLimit.tooLarge(task, "The result of task '" + task + "'", payload.length,
						"the worker's", this.maxFrameSize, "it was not sent"));
			}
			catch (SerializationException ex) {
				error = ErrorPayload.of(new SerializationException(
						"The result of task '" + task + "' cannot be serialized: " + ex.getMessage(), ex));
			}
			catch (RuntimeException ex) {
				// a serializer that lets a value's own exception out (a lazy list
				// read outside its session)
				error = ErrorPayload.of(new SerializationException(
						"The result of task '" + task + "' cannot be serialized: " + ex, ex));
			}
		}
		byte[] payload = this.serializer.encodeError(error);
		if (payload.length > this.maxFrameSize) {
			// an exception whose message alone is over the limit
			payload = this.serializer
				.encodeError(ErrorPayload.of(FrameLimit.tooLarge(task, "The error of task '" + task + "'",
						payload.length, "the worker's", this.maxFrameSize, "it was not sent")));
		}
		return new Frame(PacketType.ERROR, serial, payload);
	}

	private record FinishedCall(Frame answer, boolean rejected) {
	}

	/** Writes an answer and tells the flow control that its call ended; on the loop. */
	private void finishCall(Frame answer, boolean rejected) {
		if (answer != null) {
			write(answer);
		}
		this.flowControl.callFinished(rejected);
	}

	private void write(Object answer) {
		if (this.channel.isActive()) {
			this.ctx.writeAndFlush(answer, this.ctx.voidPromise());
		}
	}

}
