package io.patio.serializer;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.NullNode;

import io.patio.BadRequestException;

/**
 * A {@link Serializer} over one of the protocol's strict {@link WireMapper} mappers: JSON
 * here, CBOR in {@code patio-tcp}. Its neutral form is a {@link JsonNode} tree; the call
 * packets are written and read as token streams ({@link JacksonCalls}, and a format's own
 * plain paths) with the bytes, values and errors of the mapper's record and tree, their
 * shape checked exactly; the handshake's shapes are read as token streams. Public so that
 * a Jackson-based serializer module can extend it.
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

	/** The binders of answers straight to a type, for this mapper. */
	private final DirectBinding binders;

	/** A payload that is an object, for {@link #bindsDirectly}. */
	private static final byte[] AN_OBJECT = { '{', '}' };

	/** The trees inside a REQUEST, read by {@link #mapper}. */
	private final ObjectReader subtrees;

	protected JacksonSerializer(ObjectMapper mapper) {
		this.mapper = mapper;
		this.binders = new DirectBinding(mapper);
		this.subtrees = JacksonCalls.subtrees(mapper);
	}

	/** This serializer's mapper, built again with other read constraints. */
	protected abstract ObjectMapper mapperWith(StreamReadConstraints constraints);

	@Override
	public Serializer boundedFor(int maxFrameSize) {
		return new BoundedJacksonSerializer(this, mapperWith(BoundedJacksonSerializer.readConstraints(maxFrameSize)));
	}

	@Override
	public byte[] encode(Object value) {
		byte[] plain = encodePlain(value);
		if (plain != null) {
			return plain;
		}
		try {
			return this.mapper.writeValueAsBytes(value);
		}
		catch (JacksonException ex) {
			throw encodingFailure(value, ex);
		}
	}

	/**
	 * The bytes the mapper writes for {@code value} when a format can write them without
	 * it (JSON's ints, longs, booleans and null, most results), else {@code null}.
	 */
	protected byte[] encodePlain(Object value) {
		return null;
	}

	/** Writes the value through the mapper, as it goes: the streaming path. */
	@Override
	public void encode(Object value, OutputStream out) {
		try {
			this.mapper.writeValue(out, value);
		}
		catch (JacksonException ex) {
			throw encodingFailure(value, ex);
		}
	}

	private SerializationException encodingFailure(Object value, JacksonException ex) {
		WireTypes.Refusal refusal = refusal(ex);
		if (refusal != null) {
			String path = ex.getPathReference();
			return new UnsupportedValueException(refusal.type, getName(),
					"Cannot encode a " + refusal.type.getTypeName() + " as " + getName() + ": "
							+ refusal.getOriginalMessage()
							+ ((path != null && !path.isEmpty()) ? " (at " + path + ")" : "")
							+ "; docs/protocol.md lists the types each serializer carries",
					ex);
		}
		return new SerializationException("Cannot encode a " + ((value != null) ? value.getClass().getName() : "null")
				+ " as " + getName() + ": " + ex.getOriginalMessage(), ex);
	}

	/**
	 * Writes the envelope and the plain arguments straight to a generator, the rest
	 * through the mapper: the same bytes as the mapper writes for the record.
	 */
	@Override
	public byte[] encodeCall(CallPayload call) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(128);
		try (JsonGenerator generator = this.mapper.createGenerator(out)) {
			JacksonCalls.write(generator, call);
		}
		catch (JacksonException ex) {
			throw encodingFailure(call, ex);
		}
		return out.toByteArray();
	}

	@Override
	public byte[] encodeArguments(List<?> args, Map<String, ?> kwargs) {
		return encode(new Arguments((args != null) ? args : List.of(), (kwargs != null) ? kwargs : Map.of()));
	}

	@Override
	public byte[] encodeError(ErrorPayload error) {
		return encode(error);
	}

	@Override
	public CallPayload decodeCall(byte[] data) {
		return decodeCall(this.mapper, this.subtrees, this.binders, data, ArgumentTypes.NONE);
	}

	@Override
	public CallPayload decodeCall(byte[] data, ArgumentTypes types) {
		return decodeCall(this.mapper, this.subtrees, this.binders, data, types);
	}

	@Override
	public CallPayload decodeArguments(byte[] data) {
		return decodeArguments(this.mapper, data);
	}

	@Override
	public ErrorPayload decodeError(byte[] data) {
		return decodeError(this.mapper, data);
	}

	/**
	 * Reads the REQUEST as a token stream ({@link JacksonCalls}): what
	 * {@link JacksonPayloads#call} reads from the tree, with the same errors, without
	 * building the tree of the envelope and its plain arguments; an object argument that
	 * {@code types} names a type for is bound straight to it ({@link ObjectArguments}).
	 */
	CallPayload decodeCall(ObjectMapper reader, ObjectReader subtrees, DirectBinding binding, byte[] data,
			ArgumentTypes types) {
		CallPayload plain = decodeCallPlain(data);
		if (plain != null) {
			return plain;
		}
		CallPayload bound = (types != ArgumentTypes.NONE && bindsDirectly(AN_OBJECT))
				? ObjectArguments.read(this, reader, subtrees, binding, data, types) : null;
		if (bound != null) {
			return bound;
		}
		try (JsonParser parser = createParser(reader, data)) {
			return JacksonCalls.read(reader, subtrees, parser);
		}
		catch (BadRequestException ex) {
			throw ex;
		}
		catch (SerializationException ex) {
			throw badRequest(ex.getMessage(), ex);
		}
		catch (JacksonException ex) {
			throw badRequest(ex.getOriginalMessage(), ex);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// a number beyond what a BigDecimal holds, such as 1e9999999999
			throw badRequest("a number is out of range", ex);
		}
		catch (RuntimeException ex) {
			// a value the tree holds but cannot convert: still the peer's bad request
			throw new BadRequestException(null, "Bad REQUEST: " + Excerpt.of(ex.getMessage()), ex);
		}
	}

	/** A REQUEST that is not well formed, as {@link #decodeRequest} reports it. */
	private BadRequestException badRequest(String detail, Exception ex) {
		SerializationException cause = new SerializationException("Payload is not valid " + getName() + ": " + detail,
				ex);
		return new BadRequestException(null, "Bad REQUEST: " + cause.getMessage(), cause);
	}

	CallPayload decodeArguments(ObjectMapper reader, byte[] data) {
		return JacksonPayloads.arguments(decodeRequest(reader, data));
	}

	ErrorPayload decodeError(ObjectMapper reader, byte[] data) {
		return JacksonPayloads.error(decode(reader, data));
	}

	private JsonNode decodeRequest(ObjectMapper reader, byte[] data) {
		try {
			return decode(reader, data);
		}
		catch (SerializationException ex) {
			throw new BadRequestException(null, "Bad REQUEST: " + ex.getMessage(), ex);
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
		JsonNode plain = decodePlain(data);
		if (plain != null) {
			return plain;
		}
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

	@Override
	public java.util.Optional<Object> decodeAs(byte[] data, JavaType type) {
		return this.binders.bind(this, data, type);
	}

	/**
	 * A parser of one payload for a binder, as
	 * {@link #createParser(ObjectMapper, byte[])} makes them for the mapper: with the
	 * binder's features.
	 */
	final JsonParser createParser(ObjectReader binder, byte[] data) {
		return bindingView(binder.createParser(data));
	}

	/**
	 * The view of a parser that values are bound through straight to a class: JSON's also
	 * refuses a float its field would not hold as it is ({@link JsonNumbers}).
	 */
	protected JsonParser bindingView(JsonParser parser) {
		return parser;
	}

	/**
	 * Reads one payload into a tree with {@code reader}, from a parser of
	 * {@link #createParser}. A payload that is a single string, integer, boolean or null
	 * (most results) becomes its node straight from the token, without the mapper.
	 */
	protected JsonNode readTree(ObjectMapper reader, byte[] data) {
		try (JsonParser parser = createParser(reader, data)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				return NullNode.getInstance(); // no content, as readTree(byte[]) reads it
			}
			JsonNode plain = JacksonCalls.scalar(parser, first);
			if (plain == null) {
				return reader.readValue(parser, JsonNode.class);
			}
			JsonToken trailing = parser.nextToken();
			if (trailing != null) {
				throw new SerializationException(
						"Payload is not valid " + getName() + ": " + JacksonCalls.trailingToken(trailing), null);
			}
			return plain;
		}
	}

	/**
	 * The call of a REQUEST that a format can read without a parser (a plain one), as the
	 * parser reads it, or {@code null} for the parser to read.
	 * @throws BadRequestException as the parser's path throws it
	 */
	protected CallPayload decodeCallPlain(byte[] data) {
		return null;
	}

	/**
	 * The call of a REQUEST's fields that a format read without a parser, through the
	 * parser's path's checks and with its errors.
	 */
	protected static CallPayload plainCall(JsonNode func, List<JsonNode> args, JsonNode kwargs, JsonNode timeout) {
		return JacksonPayloads.call(func, args, null, kwargs, timeout, null);
	}

	/**
	 * The node of a payload that a format can read without a parser (JSON's integers of
	 * up to 18 digits, booleans and null, most answers), as the parser reads it; else
	 * {@code null}, and the parser reads it.
	 */
	protected JsonNode decodePlain(byte[] data) {
		return null;
	}

	/**
	 * A parser of one payload for {@code reader}, as {@link #readTree} reads it: the JSON
	 * serializer's reports every float as an exact decimal.
	 */
	final JsonParser createParser(ObjectMapper reader, byte[] data) {
		return readingView(reader.createParser(data));
	}

	/**
	 * The view of a parser that payloads are read through: JSON's reports every float as
	 * an exact decimal ({@link JsonNumbers}).
	 */
	protected JsonParser readingView(JsonParser parser) {
		return parser;
	}

	ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * The bytes an encoded {@code byte[]} decoded to: a base64 string in JSON, a byte
	 * string in CBOR.
	 * @throws SerializationException when the node does not hold bytes
	 */
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
		return HandshakeShapes.byteStrings(this.mapper, getName(), data, count);
	}

	@Override
	public List<String> decodeStrings(byte[] data, int maxCount, int maxLength) {
		return HandshakeShapes.strings(this.mapper, getName(), data, maxCount, maxLength);
	}

	private static String describe(JsonNode node) {
		return (node != null) ? "a " + node.getNodeType() : "nothing";
	}

	@Override
	public String toString() {
		return getName();
	}

	/** The body {@link #encodeArguments} writes. */
	@JsonPropertyOrder({ "args", "kwargs" })
	private record Arguments(List<?> args, Map<String, ?> kwargs) {

	}

}
