package io.patio.serializer;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Turns packet payloads into bytes for the TCP wire and back. Values are encoded from
 * plain Java objects (records, lists, maps, {@code byte[]}, {@link JsonNode}); they are
 * decoded to a tree so that a call's arguments bind lazily to the task's declared
 * parameter types, and no class named on the wire is ever instantiated.
 * <p>
 * Both ends of a connection must use the same serializer. The JSON and CBOR serializers
 * are Jackson-based; a serializer for Python's pickle can implement this interface later
 * and produce trees of the same shapes.
 */
public interface Serializer {

	/** The serializer's name as configured: {@code json}, {@code cbor}. */
	String getName();

	/**
	 * Encodes one value.
	 * @throws SerializationException when the value cannot be encoded
	 */
	byte[] encode(Object value);

	/**
	 * Decodes one payload to a tree ({@code null} decodes to a null node, never to Java
	 * {@code null}).
	 * @throws SerializationException when the bytes are not a valid encoding
	 */
	JsonNode decode(byte[] data);

	/**
	 * The bytes an encoded {@code byte[]} decoded to: a base64 string in JSON, a byte
	 * string in CBOR.
	 * @throws SerializationException when the node does not hold bytes
	 */
	byte[] bytesOf(JsonNode node);

	/**
	 * This serializer with its decoding bounded for frames of at most
	 * {@code maxFrameSize} bytes, so that decoding one payload costs memory and work in
	 * proportion to the frame, whatever its shape. The TCP brokers decode every payload
	 * after the handshake through it. The built-in serializers cap the tokens of a
	 * payload at {@code maxFrameSize / 8}, the nesting depth at 500 and a number at 1000
	 * characters; a payload over a bound does not decode. The default returns this
	 * serializer: a serializer of your own bounds its decoding itself.
	 */
	default Serializer boundedFor(int maxFrameSize) {
		return this;
	}

	/**
	 * Decodes a payload that must be a list of exactly {@code count} byte strings (the
	 * handshake's AUTH_REQUEST). The built-in serializers read it as a stream of the
	 * expected tokens and never build a tree; the default decodes a tree.
	 * @throws SerializationException when the payload has another shape
	 */
	default byte[][] decodeByteStrings(byte[] data, int count) {
		JsonNode node = decode(data);
		if (!node.isArray() || node.size() != count) {
			throw new SerializationException("Expected a list of " + count + " byte strings", null);
		}
		byte[][] values = new byte[count][];
		for (int i = 0; i < count; i++) {
			values[i] = bytesOf(node.get(i));
		}
		return values;
	}

	/**
	 * Decodes a payload that must be a list of at most {@code maxCount} strings of at
	 * most {@code maxLength} characters each (a DISCOVER_RESPONSE). The built-in
	 * serializers read it as a stream and never build a tree; the default decodes a tree.
	 * @throws SerializationException when the payload has another shape or is over a
	 * bound
	 */
	default List<String> decodeStrings(byte[] data, int maxCount, int maxLength) {
		JsonNode node = decode(data);
		if (!node.isArray()) {
			throw new SerializationException("Expected a list of strings", null);
		}
		if (node.size() > maxCount) {
			throw new SerializationException("More than " + maxCount + " strings", null);
		}
		List<String> values = new ArrayList<>(node.size());
		for (JsonNode item : node) {
			if (!item.isString()) {
				throw new SerializationException("Expected a list of strings", null);
			}
			if (item.stringValue().length() > maxLength) {
				throw new SerializationException(
						"A string of " + item.stringValue().length() + " characters, over " + maxLength, null);
			}
			values.add(item.stringValue());
		}
		return values;
	}

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
