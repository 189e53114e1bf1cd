package io.patio.serializer;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/**
 * A {@link Serializer} over one of the protocol's strict {@link WireMapper} mappers: JSON
 * here, CBOR in {@code patio-tcp}. Public so that a serializer module can extend it; the
 * serializer SPI is still to be designed, so it may change.
 */
public abstract class JacksonSerializer implements Serializer {

	/**
	 * Frame bytes per token a payload may hold at most when decoding is bounded: a
	 * payload of a maximal frame holds at most {@code maxFrameSize / 8} tokens. No token
	 * costs more than about 80 bytes of heap in a tree, so decoding one payload allocates
	 * at most about ten times the frame limit, whatever the payload's shape.
	 */
	static final int BYTES_PER_TOKEN = 8;

	/** The token budget of a bounded decode never goes below this, for tiny limits. */
	static final int MIN_TOKENS = 1024;

	/** How deep arrays and objects may nest in a bounded decode. */
	static final int MAX_NESTING_DEPTH = 500;

	/** The most characters of one number in a bounded decode. */
	static final int MAX_NUMBER_LENGTH = 1000;

	private final ObjectMapper mapper;

	protected JacksonSerializer(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/** This serializer's mapper, built again with other read constraints. */
	protected abstract ObjectMapper mapperWith(StreamReadConstraints constraints);

	/** The read constraints of a decode bounded for frames of {@code maxFrameSize}. */
	static StreamReadConstraints readConstraints(int maxFrameSize) {
		return StreamReadConstraints.builder()
			.maxTokenCount(Math.max(MIN_TOKENS, maxFrameSize / BYTES_PER_TOKEN))
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.build();
	}

	@Override
	public Serializer boundedFor(int maxFrameSize) {
		return new Bounded(this, mapperWith(readConstraints(maxFrameSize)));
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
		return decode(this.mapper, data);
	}

	/** Decodes one payload to a tree with {@code reader}'s constraints. */
	JsonNode decode(ObjectMapper reader, byte[] data) {
		try {
			JsonNode node = readTree(reader, data);
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
	 * Reads one payload into a tree with {@code reader}; the JSON serializer reads its
	 * numbers exactly here.
	 */
	protected JsonNode readTree(ObjectMapper reader, byte[] data) {
		return reader.readTree(data);
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

	@Override
	public byte[][] decodeByteStrings(byte[] data, int count) {
		try (JsonParser parser = this.mapper.createParser(data)) {
			expect(parser, JsonToken.START_ARRAY, "a list of " + count + " byte strings");
			byte[][] values = new byte[count][];
			for (int i = 0; i < count; i++) {
				JsonToken token = parser.nextToken();
				if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_EMBEDDED_OBJECT) {
					throw new SerializationException(
							"Expected a list of " + count + " byte strings, found " + token + " at " + i, null);
				}
				values[i] = parser.getBinaryValue();
			}
			expect(parser, JsonToken.END_ARRAY, "a list of exactly " + count + " byte strings");
			expect(parser, null, "nothing after the list");
			return values;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new SerializationException("Payload is not a list of " + count + " byte strings in " + getName()
					+ ": "
					+ ((ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage()), ex);
		}
	}

	@Override
	public List<String> decodeStrings(byte[] data, int maxCount, int maxLength) {
		try (JsonParser parser = this.mapper.createParser(data)) {
			expect(parser, JsonToken.START_ARRAY, "a list of strings");
			List<String> values = new ArrayList<>();
			JsonToken token;
			while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
				if (token != JsonToken.VALUE_STRING) {
					throw new SerializationException("Expected a list of strings, found " + token, null);
				}
				if (values.size() == maxCount) {
					throw new SerializationException("More than " + maxCount + " strings", null);
				}
				int length = parser.getStringLength();
				if (length > maxLength) {
					throw new SerializationException("A string of " + length + " characters, over " + maxLength, null);
				}
				values.add(parser.getString());
			}
			expect(parser, null, "nothing after the list");
			return values;
		}
		catch (JacksonException ex) {
			throw new SerializationException(
					"Payload is not a list of strings in " + getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private static void expect(JsonParser parser, JsonToken expected, String what) {
		JsonToken token = parser.nextToken();
		if (token != expected) {
			throw new SerializationException("Expected " + what + ", found " + token, null);
		}
	}

	private static String describe(JsonNode node) {
		return (node != null) ? "a " + node.getNodeType() : "nothing";
	}

	@Override
	public String toString() {
		return getName();
	}

	/**
	 * A serializer whose tree decoding is bounded; everything else is its base
	 * serializer's.
	 */
	private static final class Bounded implements Serializer {

		private final JacksonSerializer base;

		private final ObjectMapper reader;

		Bounded(JacksonSerializer base, ObjectMapper reader) {
			this.base = base;
			this.reader = reader;
		}

		@Override
		public String getName() {
			return this.base.getName();
		}

		@Override
		public byte[] encode(Object value) {
			return this.base.encode(value);
		}

		@Override
		public JsonNode decode(byte[] data) {
			return this.base.decode(this.reader, data);
		}

		@Override
		public byte[] bytesOf(JsonNode node) {
			return this.base.bytesOf(node);
		}

		@Override
		public Serializer boundedFor(int maxFrameSize) {
			return this.base.boundedFor(maxFrameSize);
		}

		@Override
		public byte[][] decodeByteStrings(byte[] data, int count) {
			return this.base.decodeByteStrings(data, count);
		}

		@Override
		public List<String> decodeStrings(byte[] data, int maxCount, int maxLength) {
			return this.base.decodeStrings(data, maxCount, maxLength);
		}

		@Override
		public String toString() {
			return this.base.toString();
		}

	}

}
