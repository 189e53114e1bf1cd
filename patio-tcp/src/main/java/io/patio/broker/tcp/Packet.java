package io.patio.broker.tcp;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import io.patio.PatioException;
import io.patio.protocol.PacketType;
import io.patio.serializer.CallPayload;
import io.patio.serializer.CallPeek;
import io.patio.serializer.ErrorPayload;
import io.patio.serializer.SerializationException;

/**
 * One packet after the handshake, as the {@link PacketCodec} decodes it from a frame (or
 * encodes it into one): what the connection's handlers read and write instead of bytes.
 * Answers and REQUESTs this side sends are encoded on the thread that makes them (an
 * executor thread, the caller's thread) and travel as ready
 * {@link io.patio.protocol.Frame frames}, which the codec passes on as they are.
 */
sealed interface Packet {

	/** The packet's serial. */
	long serial();

	/** A DISCOVER_REQUEST, both ways: the first discovery, or a ping. */
	record DiscoverRequest(long serial) implements Packet {
	}

	/** A DISCOVER_RESPONSE, both ways: the task names a peer offers. */
	record DiscoverResponse(long serial, Set<String> tasks) implements Packet {
	}

	/**
	 * A REQUEST from the peer: the task it names and either its call, decoded, or the
	 * {@code decoder} that decodes it, with the {@code budget} it gives, when the
	 * serializer read its task and timeout at a glance
	 * ({@link io.patio.serializer.Serializer#peekCall}) and left the rest to the thread
	 * that runs it. The decoder throws {@link io.patio.BadRequestException} when the
	 * payload does not decode.
	 */
	record Call(long serial, String task, Duration budget, CallPayload call,
			Supplier<CallPayload> decoder) implements Packet {

		/** A call decoded as it was read. */
		Call(long serial, CallPayload call) {
			this(serial, call.func(), call.budget(), call, null);
		}

		/** A call left encoded. */
		Call(long serial, CallPeek peek, Supplier<CallPayload> decoder) {
			this(serial, peek.task(), peek.budget(), null, decoder);
		}

		/**
		 * The call, decoded now if it was left encoded.
		 * @throws io.patio.BadRequestException when it does not decode
		 */
		CallPayload decoded() {
			return (this.call != null) ? this.call : this.decoder.get();
		}

	}

	/**
	 * A REQUEST from the peer that is answered with {@code error} instead of running: its
	 * payload does not decode, does not have the REQUEST shape, or is over the frame
	 * limit.
	 */
	record BadCall(long serial, PatioException error) implements Packet {
	}

	/**
	 * A RESPONSE from the peer: the result of one of this side's calls, decoded, or
	 * {@link Undecoded} when the serializer may bind it straight to the caller's type.
	 */
	record Result(long serial, Object value) implements Packet {
	}

	/**
	 * A RESPONSE's payload left for the calls handler, which knows the caller's type, to
	 * decode.
	 */
	record Undecoded(byte[] payload) {
	}

	/** An ERROR, both ways: a call that failed. */
	record Failure(long serial, ErrorPayload error) implements Packet {
	}

	/**
	 * A RESPONSE or an ERROR from the peer that this side cannot read: its payload does
	 * not decode ({@code undecodable}), or it was over the frame limit and skipped unread
	 * ({@code size} bytes).
	 */
	record UnreadableAnswer(long serial, PacketType type, SerializationException undecodable,
			long size) implements Packet {

		/** Whether the payload was skipped for being over the frame limit. */
		boolean oversized() {
			return this.undecodable == null;
		}

	}

}
