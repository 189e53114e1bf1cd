package io.patio.serializer;

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
	 * The built-in serializer of that name: {@code json} (the default) or {@code cbor}.
	 * @throws IllegalArgumentException for any other name
	 */
	static Serializer forName(String name) {
		if (name == null || name.isBlank() || "json".equalsIgnoreCase(name.trim())) {
			return JsonSerializer.INSTANCE;
		}
		if ("cbor".equalsIgnoreCase(name.trim())) {
			return CborSerializer.INSTANCE;
		}
		throw new IllegalArgumentException("Unknown serializer '" + name + "'; use 'json' or 'cbor'");
	}

}
