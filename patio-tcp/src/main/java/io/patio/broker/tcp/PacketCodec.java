package io.patio.broker.tcp;

import java.util.LinkedHashSet;
import java.util.Set;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.patio.BadRequestException;
import io.patio.serializer.Excerpt;
import io.patio.protocol.FaultLog;
import io.patio.protocol.Frame;
import io.patio.protocol.OversizedFrame;
import io.patio.protocol.PacketType;
import io.patio.serializer.SerializationException;
import io.patio.serializer.ArgumentTypes;
import io.patio.serializer.CallPayload;
import io.patio.serializer.CallPeek;
import io.patio.serializer.Serializer;

/**
 * The first handler after the handshake: turns {@link Frame}s (and the
 * {@link OversizedFrame}s the frame decoder reports) into typed {@link Packet}s, and the
 * packets the handlers write back into frames. It counts the frames both ways.
 * <p>
 * Payloads are decoded with the broker's wire serializer, whose work per payload is
 * bounded by the frame limit. A REQUEST that does not decode, or that was over the limit
 * and skipped unread, becomes a {@link Packet.BadCall}: only that call fails. A
 * DISCOVER_RESPONSE that is not a list of at most
 * {@value TcpConnection#MAX_ADVERTISED_TASKS} names of at most
 * {@value TcpConnection#MAX_TASK_NAME_LENGTH} characters, and a packet type that has no
 * place after the handshake, close the connection with a logged reason.
 * <p>
 * Outbound, ready {@link Frame}s (REQUESTs and answers encoded on the thread that made
 * them, never on the event loop) pass as they are; the packets encoded here are the small
 * ones the handlers make on the event loop: discovery and the errors of refused calls.
 */
final class PacketCodec extends ChannelDuplexHandler {

	private final FaultLog faults;

	private final Serializer serializer;

	/** What the executor's tasks bind their arguments to, bound as they are read. */
	private final ArgumentTypes argumentTypes;

	private final int maxFrameSize;

	private final ConnectionCounters counters;

	/**
	 * @param serializer the broker's wire serializer, bounded for its frame limit
	 * @param argumentTypes the types of the executor's tasks' arguments
	 * @param maxFrameSize the frame limit, for the errors of oversized REQUESTs
	 */
	PacketCodec(Serializer serializer, ArgumentTypes argumentTypes, int maxFrameSize, ConnectionCounters counters,
			FaultLog faults) {
		this.serializer = serializer;
		this.argumentTypes = argumentTypes;
		this.maxFrameSize = maxFrameSize;
		this.counters = counters;
		this.faults = faults;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Frame frame) {
			this.counters.frameReceived();
			Packet packet = decode(ctx, frame);
			if (packet != null) {
				ctx.fireChannelRead(packet);
			}
		}
		else if (msg instanceof OversizedFrame oversized) {
			this.counters.frameReceived();
			ctx.fireChannelRead(oversized(ctx, oversized));
		}
		else {
			ctx.fireChannelRead(msg);
		}
	}

	private Packet decode(ChannelHandlerContext ctx, Frame frame) {
		long serial = frame.serial();
		return switch (frame.type()) {
			case DISCOVER_REQUEST -> new Packet.DiscoverRequest(serial);
			case DISCOVER_RESPONSE -> discoverResponse(ctx, frame);
			case REQUEST -> call(frame);
			case RESPONSE -> result(frame);
			case ERROR -> failure(frame);
			default -> {
				this.faults.closing(ctx.channel().remoteAddress(),
						frame.type() + " is not allowed after the handshake");
				ctx.close();
				yield null;
			}
		};
	}

	private Packet discoverResponse(ChannelHandlerContext ctx, Frame frame) {
		try {
			// read as a stream of names, capped in number and length, never as a tree
			Set<String> tasks = new LinkedHashSet<>(this.serializer.decodeStrings(frame.payload(),
					TcpConnection.MAX_ADVERTISED_TASKS, TcpConnection.MAX_TASK_NAME_LENGTH));
			return new Packet.DiscoverResponse(frame.serial(), Set.copyOf(tasks));
		}
		catch (SerializationException ex) {
			this.faults.closing(ctx.channel().remoteAddress(),
					"DISCOVER_RESPONSE refused (" + Excerpt.of(ex.getMessage()) + "): it must be a list of at most "
							+ TcpConnection.MAX_ADVERTISED_TASKS + " task names (MAX_ADVERTISED_TASKS) of at most "
							+ TcpConnection.MAX_TASK_NAME_LENGTH + " characters each (MAX_TASK_NAME_LENGTH)");
			ctx.close();
			return null;
		}
	}

	private Packet call(Frame frame) {
		long serial = frame.serial();
		byte[] payload = frame.payload();
		CallPeek peek = this.serializer.peekCall(payload);
		if (peek != null) {
			// the executor's worker may decode it, off this event loop
			return new Packet.Call(serial, peek, () -> decodeCall(payload));
		}
		try {
			return new Packet.Call(serial, decodeCall(payload));
		}
		catch (BadRequestException ex) {
			return new Packet.BadCall(serial, ex);
		}
	}

	/**
	 * Decodes a REQUEST, with its exact shape, bounded like any payload, on whichever
	 * thread decodes it.
	 * @throws BadRequestException when it does not decode
	 */
	private CallPayload decodeCall(byte[] payload) {
		try {
			return this.serializer.decodeCall(payload, this.argumentTypes);
		}
		catch (BadRequestException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// a serializer of one's own that fails otherwise: still the peer's bad
			// request
			throw new BadRequestException(null, "Bad REQUEST: " + Excerpt.of(ex.getMessage()), ex);
		}
	}

	private Packet result(Frame frame) {
		if (this.serializer.bindsDirectly(frame.payload())) {
			return new Packet.Result(frame.serial(), new Packet.Undecoded(frame.payload()));
		}
		try {
			Object value = this.serializer.decode(frame.payload());
			return new Packet.Result(frame.serial(),
					(value instanceof tools.jackson.databind.JsonNode node && node.isNull()) ? null : value);
		}
		catch (SerializationException ex) {
			return new Packet.UnreadableAnswer(frame.serial(), PacketType.RESPONSE, ex, frame.payload().length);
		}
	}

	private Packet failure(Frame frame) {
		try {
			return new Packet.Failure(frame.serial(), this.serializer.decodeError(frame.payload()));
		}
		catch (SerializationException ex) {
			return new Packet.UnreadableAnswer(frame.serial(), PacketType.ERROR, ex, frame.payload().length);
		}
	}

	private Packet oversized(ChannelHandlerContext ctx, OversizedFrame frame) {
		if (frame.type() == PacketType.REQUEST) {
			return new Packet.BadCall(frame.serial(),
					FrameLimit.tooLarge(null, "A REQUEST to " + ctx.channel().localAddress(), frame.size(),
							"the receiving peer's", this.maxFrameSize, "it was discarded unread"));
		}
		return new Packet.UnreadableAnswer(frame.serial(), frame.type(), null, frame.size());
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		Frame frame;
		if (msg instanceof Frame ready) {
			frame = ready;
		}
		else if (msg instanceof Packet packet) {
			frame = encode(packet);
		}
		else {
			ctx.write(msg, promise);
			return;
		}
		this.counters.frameSent(frame.type());
		ctx.write(frame, promise);
	}

	private Frame encode(Packet packet) {
		if (packet instanceof Packet.DiscoverRequest request) {
			return new Frame(PacketType.DISCOVER_REQUEST, request.serial(), this.serializer.encode(null));
		}
		if (packet instanceof Packet.DiscoverResponse response) {
			// a list, as Python peers send it (pickle would write a Set as a Python set)
			return new Frame(PacketType.DISCOVER_RESPONSE, response.serial(),
					this.serializer.encode(java.util.List.copyOf(response.tasks())));
		}
		if (packet instanceof Packet.Failure failure) {
			return new Frame(PacketType.ERROR, failure.serial(), this.serializer.encodeError(failure.error()));
		}
		throw new IllegalArgumentException(packet + " is not sent by the event loop; encode it where it is made");
	}

}
