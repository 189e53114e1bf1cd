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
			WireTypes.Refusal refusal = refusal(ex);
			if (refusal != null) {
				String path = ex.getPathReference();
				throw new UnsupportedValueException(refusal.type, getName(),
						"Cannot encode a " + refusal.type.getTypeName() + " as " + getName() + ": "
								+ refusal.getOriginalMessage()
								+ ((path != null && !path.isEmpty()) ? " (at " + path + ")" : "")
								+ "; docs/protocol.md lists the types each serializer carries",
						ex);
			}
			throw new SerializationException(
					"Cannot encode a " + ((value != null) ? value.getClass().getName() : "null") + " as " + getName()
							+ ": " + ex.getOriginalMessage(),
					ex);
		}
	}

	private static WireTypes.Refusal refusal(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof WireTypes.Refusal refusal) {
				return refusal;
			}
		}
		return null;
	}

	@Override
	public JsonNode decode(byte[] data) {
		try {
			JsonNode node = readTree(data);
			return (node == null || node.isMissingNode()) ? NullNode.getInstance() : node;
		}
		catch (JacksonException ex) {
			throw new SerializationException("Payload is not valid " + getName() + ": " + ex.getOriginalMessage(), ex);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// a number beyond what a BigDecimal holds, such as 1e9999999999
			throw new SerializationException("Payload is not valid " + getName() + ": a number is out of range", ex);
		}
	}

	/**
	 * Reads one payload into a tree; the JSON serializer reads its numbers exactly here.
	 */
	JsonNode readTree(byte[] data) {
		return this.mapper.readTree(data);
	}

	ObjectMapper mapper() {
		return this.mapper;
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
