package io.patio.serializer;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The default serializer: compact UTF-8 JSON through the protocol's own mapper, bytes as
 * base64 strings, exactly as the protocol page specifies.
 */
public final class JsonSerializer extends JacksonSerializer {

	public static final JsonSerializer INSTANCE = new JsonSerializer();

	public JsonSerializer() {
		super(WireMapper.json());
	}

	/**
	 * Numbers with a fraction or an exponent are read as exact decimals (see
	 * {@link JsonNumbers}), never through a {@code double}.
	 */
	@Override
	protected JsonParser createParser(ObjectMapper reader, byte[] data) {
		return JsonNumbers.exact(reader.createParser(data));
	}

	private static final byte[] NULL = { 'n', 'u', 'l', 'l' };

	private static final byte[] TRUE = { 't', 'r', 'u', 'e' };

	private static final byte[] FALSE = { 'f', 'a', 'l', 's', 'e' };

	/** An int, a long, a boolean or null, written as the mapper writes them. */
	@Override
	protected byte[] encodePlain(Object value) {
		if (value == null) {
			return NULL.clone();
		}
		Class<?> type = value.getClass();
		if (type == Integer.class || type == Long.class) {
			return value.toString().getBytes(StandardCharsets.US_ASCII);
		}
		if (type == Boolean.class) {
			return ((Boolean) value) ? TRUE.clone() : FALSE.clone();
		}
		return null;
	}

	/** A plain call is written without a generator ({@link PlainJsonCalls}). */
	@Override
	public byte[] encodeCall(CallPayload call) {
		byte[] plain = PlainJsonCalls.encode(call);
		return (plain != null) ? plain : super.encodeCall(call);
	}

	@Override
	public String getContentType() {
		return "application/json";
	}

	@Override
	public String getName() {
		return "json";
	}

	@Override
	protected ObjectMapper mapperWith(tools.jackson.core.StreamReadConstraints constraints) {
		return WireMapper.json(constraints);
	}

}
