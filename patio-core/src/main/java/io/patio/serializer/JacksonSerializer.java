package io.patio.serializer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/** A {@link Serializer} over one of the protocol's strict {@link WireMapper} mappers. */
abstract class JacksonSerializer implements Serializer {

	private final ObjectMapper mapper;

	JacksonSerializer(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public byte[] encode(Object value) {
		try {
			return this.mapper.writeValueAsBytes(value);
		}
		catch (JacksonException ex) {
			throw new SerializationException(
					"Cannot encode a " + ((value != null) ? value.getClass().getName() : "null") + " as " + getName()
							+ ": " + ex.getOriginalMessage(),
					ex);
		}
	}

	@Override
	public JsonNode decode(byte[] data) {
		try {
			JsonNode node = this.mapper.readTree(data);
			return (node == null || node.isMissingNode()) ? NullNode.getInstance() : node;
		}
		catch (JacksonException ex) {
			throw new SerializationException("Payload is not valid " + getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public byte[] bytesOf(JsonNode node) {
		if (node == null || !(node.isBinary() || node.isString())) {
			throw new SerializationException("Expected bytes, got " + describe(node), null);
		}
		try {
			return node.binaryValue();
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new SerializationException("Expected bytes, got " + describe(node), ex);
		}
	}

	private static String describe(JsonNode node) {
		return (node != null) ? "a " + node.getNodeType() : "nothing";
	}

	@Override
	public String toString() {
		return getName();
	}

}
