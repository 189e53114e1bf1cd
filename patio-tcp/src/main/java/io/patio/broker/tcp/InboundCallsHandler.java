package io.patio.broker.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.patio.RejectedCallException;
import io.patio.ShuttingDownException;
import io.patio.call.CallRequest;
import io.patio.protocol.Frame;
import io.patio.protocol.PacketType;
import io.patio.serializer.SerializationException;
import io.patio.serializer.Serializer;

/**
 * The peer's calls: each {@link Packet.Call} runs on the broker's executor, never on the
 * event loop. Its answer (the result, or the typed error) is encoded on the executor
 * thread that finished it and handed to the event loop through an {@link AnswerBatch}, so
 * the answers finished together are written in one event loop task and their flushes
 * coalesce. A {@link Packet.BadCall} is answered with its error at once, and so is a call
 * that comes while the broker is closing ({@code shutting-down}). The
 * {@link InboundFlowControl} before this handler learns when calls start and end.
 */
final class InboundCallsHandler extends ChannelInboundHandlerAdapter {

	private final AbstractTcpBroker broker;

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
		this.broker = broker;
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
			run(call.serial(), call.request());
		}
		else if (msg instanceof Packet.BadCall bad) {
			this.counters.callsReceived.increment();
			write(new Packet.Failure(bad.serial(), WireCalls.toErrorPayload(bad.error())));
		}
		else {
			ctx.fireChannelRead(msg);
		}
	}

	private void run(long serial, CallRequest request) {
		if (this.broker.isClosing()) {
			write(new Packet.Failure(serial, WireCalls
				.toErrorPayload(new ShuttingDownException(request.task(), "The broker is shutting down"))));
			return;
		}
		this.flowControl.callStarted();
		this.broker.getExecutor().execute(request).whenComplete((result, error) -> {
			// on the thread that finished the call: encoded here, not on the event loop
			Frame answer = encode(serial, request.task(), result, error);
			boolean rejected = WireCalls.unwrap(error) instanceof RejectedCallException;
			if (this.channel.eventLoop().inEventLoop()) {
				finishCall(answer, rejected);
			}
			else {
				this.finished.add(new FinishedCall(answer, rejected));
			}
		});
	}

	private Frame encode(long serial, String task, Object result, Throwable error) {
		if (error == null) {
			try {
				byte[] payload = this.serializer.encode(result);
				if (payload.length <= this.maxFrameSize) {
					return new Frame(PacketType.RESPONSE, serial, payload);
				}
				error = FrameLimit.tooLarge(task, "The result of task '" + task + "'", payload.length, "the worker's",
						this.maxFrameSize, "it was not sent");
			}
			catch (SerializationException ex) {
				error = new SerializationException(
						"The result of task '" + task + "' cannot be serialized: " + ex.getMessage(), ex);
			}
		}
		byte[] payload = this.serializer.encode(WireCalls.toErrorPayload(error));
		if (payload.length > this.maxFrameSize) {
			// an exception whose message alone is over the limit
			payload = this.serializer
				.encode(WireCalls.toErrorPayload(FrameLimit.tooLarge(task, "The error of task '" + task + "'",
						payload.length, "the worker's", this.maxFrameSize, "it was not sent")));
		}
		return new Frame(PacketType.ERROR, serial, payload);
	}

	private record FinishedCall(Frame answer, boolean rejected) {
	}

	/** Writes an answer and tells the flow control that its call ended; on the loop. */
	private void finishCall(Frame answer, boolean rejected) {
		write(answer);
		this.flowControl.callFinished(rejected);
	}

	private void write(Object answer) {
		if (this.channel.isActive()) {
			this.ctx.writeAndFlush(answer, this.ctx.voidPromise());
		}
	}

}
