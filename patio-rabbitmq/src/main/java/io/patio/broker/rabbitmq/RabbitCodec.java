package io.patio.broker.rabbitmq;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import io.patio.BadRequestException;
import io.patio.ConnectionLostException;
import io.patio.PatioException;
import io.patio.RemoteTaskException;
import io.patio.call.Failures;
import io.patio.serializer.CallPayload;
import io.patio.serializer.ErrorPayload;
import io.patio.serializer.Serializer;

/**
 * Message bodies in the format a message's {@code content_type} names, through the
 * serializer SPI: a call's body is its arguments ({@link Serializer#encodeArguments}:
 * {@code {"args": [...], "kwargs": {...}}}, a plain dict in pickle), a result is the
 * value, an error is {@link Serializer#encodeError} ({@code {"code", "type", "message"}}
 * in JSON, as on TCP; a {@code builtins} exception in pickle).
 * <p>
 * A worker's refusal of a redelivered call carries the code {@value #CONNECTION_LOST},
 * which a Java caller reads as {@link ConnectionLostException}.
 */
final class RabbitCodec {

	/** The error code of a redelivered call a worker refused to run again. */
	static final String CONNECTION_LOST = "connection-lost";

	private final Serializer serializer;

	private RabbitCodec(Serializer serializer) {
		this.serializer = serializer;
	}

	/**
	 * The codec of a serializer by name.
	 * @throws IllegalArgumentException when no serializer of that name is on the class
	 * path
	 */
	static RabbitCodec named(String name) {
		return new RabbitCodec(Serializer.forName(name));
	}

	/**
	 * The codec for a message's content type, or {@code null} when this JVM cannot read
	 * it (an unknown type, or pickle without {@code patio-pickle}).
	 */
	static RabbitCodec forContentType(String contentType) {
		if (contentType == null) {
			return null;
		}
		String name = switch (contentType.toLowerCase(Locale.ROOT).trim()) {
			case "application/json" -> "json";
			case "application/python-pickle" -> "pickle";
			case "application/cbor" -> "cbor";
			default -> null;
		};
		if (name == null) {
			return null;
		}
		try {
			return named(name);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	String getContentType() {
		return this.serializer.getContentType();
	}

	String getName() {
		return this.serializer.getName();
	}

	/** A call's body: its arguments only; the task is the routing key. */
	byte[] encodeArguments(Object[] args, Map<String, ?> kwargs) {
		return this.serializer.encodeArguments(Arrays.asList(args), kwargs);
	}

	/**
	 * The arguments a call's body carries, in the serializer's neutral form.
	 * @throws BadRequestException naming the task, when the body does not decode or has
	 * another shape
	 */
	CallPayload decodeArguments(String task, byte[] body) {
		try {
			return this.serializer.decodeArguments(body);
		}
		catch (RuntimeException ex) {
			throw new BadRequestException(task, "The body of the call to task '" + task + "' is not "
					+ this.serializer.getName() + " arguments: " + ex.getMessage(), ex);
		}
	}

	byte[] encodeResult(Object result) {
		return this.serializer.encode(result);
	}

	/** A result in the wire's neutral form, which the caller's converter binds. */
	Object decodeResult(byte[] body) {
		return this.serializer.decode(body);
	}

	/**
	 * The error to answer for a failed call: {@link ErrorPayload#of}, but a refused
	 * redelivery keeps its own code.
	 */
	static ErrorPayload errorOf(Throwable error) {
		Throwable failure = Failures.unwrap(error);
		if (failure instanceof ConnectionLostException) {
			return new ErrorPayload(CONNECTION_LOST, failure.getClass().getName(), failure.getMessage(), failure);
		}
		return ErrorPayload.of(failure);
	}

	byte[] encodeError(ErrorPayload error) {
		return this.serializer.encodeError(error);
	}

	/** The typed exception an error body describes; nothing named in it is loaded. */
	PatioException decodeError(String task, byte[] body) {
		ErrorPayload error;
		try {
			error = this.serializer.decodeError(body);
		}
		catch (RuntimeException ex) {
			return new RemoteTaskException(task, "unknown", "an error reply that does not decode: " + ex.getMessage());
		}
		if (CONNECTION_LOST.equals(error.code())) {
			return new ConnectionLostException(task, (error.message() != null) ? error.message()
					: "the worker refused a redelivered call to task '" + task + "'");
		}
		return error.toException(task);
	}

}
