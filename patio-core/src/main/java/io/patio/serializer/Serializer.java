package io.patio.serializer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Turns what a transport carries into bytes and back (serializer SPI v2): single values
 * (a result, a handshake's bytes), the call packets every transport carries
 * ({@link CallPayload}, {@link ErrorPayload}), and the handshake's exact shapes. Values
 * are encoded from plain Java objects (records, lists, maps, {@code byte[]}, JSON trees);
 * they decode to the serializer's <em>neutral form</em>, so that a call's arguments bind
 * lazily to the task's declared parameter types and no class named on the wire is ever
 * instantiated.
 * <p>
 * The neutral form is a {@code tools.jackson.databind.JsonNode} tree for the Jackson
 * based serializers (JSON, CBOR), or plain Java values for others (pickle: {@code null},
 * {@link Boolean}, {@link Integer}/{@link Long}/{@link java.math.BigInteger},
 * {@link Double}, {@link String}, {@code byte[]}, {@link List}, {@link Map},
 * {@link java.util.Set}, {@link java.math.BigDecimal}, {@code java.time} values). Both
 * bind through the same argument and result rules: strictly, no coercion, no overflow.
 * <p>
 * Both ends of a connection (or of a queue) must use the same serializer. A serializer of
 * your own is found by {@link #forName(String)} through {@link java.util.ServiceLoader};
 * it implements every method, and bounds its decoding itself ({@link #boundedFor}).
 * Implementations are thread-safe.
 */
public interface Serializer {

	/**
	 * The serializer's name as configured: {@code json}, {@code cbor}, {@code pickle}.
	 */
	String getName();

	/**
	 * The MIME type of what this serializer writes ({@code application/json},
	 * {@code application/cbor}, {@code application/python-pickle}), such as a RabbitMQ
	 * message's {@code content_type}.
	 */
	String getContentType();

	/**
	 * Encodes one value: a RESPONSE, a result body, a handshake's bytes, {@code null}.
	 * @throws UnsupportedValueException when the value holds a type this serializer does
	 * not carry
	 * @throws SerializationException when the value cannot be encoded otherwise
	 */
	byte[] encode(Object value);

	/**
	 * Encodes one value to {@code out}: the path a streaming encoder can take later. The
	 * default writes {@link #encode(Object)}'s bytes, so nothing is written when encoding
	 * fails; a streaming encoder (the Jackson-based ones) may have written part of it.
	 * @throws UnsupportedValueException as {@link #encode(Object)}
	 * @throws SerializationException as {@link #encode(Object)}, and when {@code out}
	 * fails
	 */
	default void encode(Object value, OutputStream out) {
		byte[] bytes = encode(value);
		try {
			out.write(bytes);
		}
		catch (IOException ex) {
			throw new SerializationException("Cannot write " + bytes.length + " bytes of " + getName(),
					new UncheckedIOException(ex));
		}
	}

	/**
	 * Decodes one payload to the neutral form (see above). For the Jackson based
	 * serializers, {@code null} decodes to a null node, never to Java {@code null}.
	 * @throws SerializationException when the bytes are not a valid encoding
	 */
	Object decode(byte[] data);

	/**
	 * Whether {@link #decodeAs} may bind this payload straight to a type (a JSON object,
	 * say), so that a caller who knows the type should try it before {@link #decode}. By
	 * default, never.
	 */
	default boolean bindsDirectly(byte[] data) {
		return false;
	}

	/**
	 * Decodes a payload straight to {@code type}, without the neutral form in between,
	 * when this serializer can give exactly the value that {@link #decode} and then
	 * converting the tree to {@code type} would give; empty when it cannot, or when the
	 * payload does not bind, and the caller then decodes and converts it as usual, for
	 * the same value or the same error. By default, always empty.
	 */
	default java.util.Optional<Object> decodeAs(byte[] data, tools.jackson.databind.JavaType type) {
		return java.util.Optional.empty();
	}

	/**
	 * Encodes a call: a TCP REQUEST, in JSON
	 * {@code {"func","args","kwargs","timeout","headers"}}, {@code headers} only when
	 * there are any.
	 * @throws UnsupportedValueException when an argument holds a type this serializer
	 * does not carry
	 * @throws SerializationException when the call cannot be encoded otherwise
	 */
	byte[] encodeCall(CallPayload call);

	/**
	 * The task a REQUEST payload names and its timeout, when this serializer can read
	 * both at a glance, without decoding the payload: the name first and the timeout
	 * last, in their plainest forms (as this serializer's own {@link #encodeCall} writes
	 * them); {@code null} otherwise, and always by default. A transport may then leave
	 * the decoding to the thread that runs the call
	 * ({@link io.patio.executor.PatioExecutor#execute(String, java.time.Duration, java.util.function.Supplier)});
	 * the decoded call must name the same task and timeout.
	 */
	default CallPeek peekCall(byte[] data) {
		return null;
	}

	/**
	 * Decodes a call, checking its exact shape: {@code func} a non-empty string,
	 * {@code args} a list, {@code kwargs} a map with string keys, {@code timeout} a
	 * finite number of seconds or {@code null}, {@code headers} a map of strings; all but
	 * {@code func} may be missing. The arguments stay in the neutral form.
	 * @throws io.patio.BadRequestException for anything else, bytes that do not decode
	 * included, naming the task when it is known
	 */
	CallPayload decodeCall(byte[] data);

	/**
	 * Like {@link #decodeCall(byte[])}, binding a positional argument straight to the
	 * type {@code types} gives for it when this serializer can give exactly the value
	 * that decoding it and binding the neutral form would give (a JSON object bound to a
	 * record, say); any other argument, and one that does not bind so, stays in the
	 * neutral form, and binding it later gives the same value or the same error. By
	 * default, the types are not used.
	 * @throws io.patio.BadRequestException as {@link #decodeCall(byte[])}
	 */
	default CallPayload decodeCall(byte[] data, ArgumentTypes types) {
		return decodeCall(data);
	}

	/**
	 * Encodes a message body that carries only arguments, as a RabbitMQ broker sends
	 * them: {@code {"args": [...], "kwargs": {...}}} in JSON, a plain dict in pickle.
	 * {@code null} stands for none.
	 * @throws UnsupportedValueException as {@link #encodeCall}
	 * @throws SerializationException as {@link #encodeCall}
	 */
	byte[] encodeArguments(List<?> args, Map<String, ?> kwargs);

	/**
	 * Decodes a body written by {@link #encodeArguments}: a call whose {@code func},
	 * {@code timeout} and {@code headers} are {@code null}.
	 * @throws io.patio.BadRequestException for another shape, or bytes that do not decode
	 */
	CallPayload decodeArguments(byte[] data);

	/**
	 * Encodes an ERROR: in JSON {@code {"code","type","message"}}; pickle encodes a
	 * {@code builtins} exception (see {@link ErrorPayload#exception()}).
	 * @throws SerializationException when it cannot be encoded
	 */
	byte[] encodeError(ErrorPayload error);

	/**
	 * Decodes an ERROR: its fields are {@code null} when missing or not strings, and its
	 * exception is always {@code null} (nothing named on the wire is constructed).
	 * @throws SerializationException when the bytes do not decode or are not a map
	 */
	ErrorPayload decodeError(byte[] data);

	/**
	 * Decodes a payload that must be a list of exactly {@code count} byte strings (the
	 * handshake's AUTH_REQUEST), reading it as a stream of the expected tokens where the
	 * format allows, never as a general tree.
	 * @throws SerializationException when the payload has another shape
	 */
	byte[][] decodeByteStrings(byte[] data, int count);

	/**
	 * Decodes a payload that must be a list of at most {@code maxCount} strings of at
	 * most {@code maxLength} characters each (a DISCOVER_RESPONSE), reading it as a
	 * stream where the format allows, never as a general tree.
	 * @throws SerializationException when the payload has another shape or is over a
	 * bound
	 */
	List<String> decodeStrings(byte[] data, int maxCount, int maxLength);

	/**
	 * This serializer with its decoding bounded for payloads of at most
	 * {@code maxFrameSize} bytes, so that decoding one payload costs memory and work in
	 * proportion to its size, whatever its shape. The TCP brokers decode every payload
	 * after the handshake through it. The built-in serializers cap the tokens of a
	 * payload at {@code maxFrameSize / 8}, the nesting depth at 500 and a number at 1000
	 * characters; a payload over a bound does not decode. A serializer that bounds every
	 * decode already may return itself.
	 */
	Serializer boundedFor(int maxFrameSize);

	/**
	 * The serializer of that name: {@code json} (the default, built in), or one a module
	 * on the class path provides through {@link java.util.ServiceLoader} (a
	 * {@code META-INF/services/io.patio.serializer.Serializer} entry naming a public
	 * class with a public no-argument constructor): {@code cbor} comes with
	 * {@code io.patio:patio-tcp}.
	 * @throws IllegalArgumentException for a name no serializer on the class path has;
	 * the message names the artifact that provides it, when it is a known one
	 */
	static Serializer forName(String name) {
		if (name == null || name.isBlank() || "json".equalsIgnoreCase(name.trim())) {
			return JsonSerializer.INSTANCE;
		}
		return SerializerCatalog.find(name.trim());
	}

}
