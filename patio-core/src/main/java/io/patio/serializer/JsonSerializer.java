package io.patio.serializer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * The default serializer: compact UTF-8 JSON through the protocol's own mapper, bytes as
 * base64 strings, exactly as the protocol page specifies.
 */
public final class JsonSerializer extends JacksonSerializer {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	public static final JsonSerializer INSTANCE = new JsonSerializer();

	public JsonSerializer() {
		super(WireMapper.json());
	}

	/**
	 * Numbers with a fraction or an exponent are read as exact decimals (see
	 * {@link JsonNumbers}), never through a {@code double}.
	 */
	@Override
	protected JsonParser readingView(JsonParser parser) {
		return JsonNumbers.exact(parser);
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

	/**
	 * A JSON object binds straight to a type: its parser reads numbers exactly as the
	 * tree reader does.
	 */
	@Override
	public boolean bindsDirectly(byte[] data) {
		return data.length > 1 && data[0] == '{';
	}

	@Override
	protected JsonParser bindingView(JsonParser parser) {
		return JsonNumbers.forBinding(parser);
	}

	/** Digits of the longest integer read without a parser: no 18-digit one overflows. */
	private static final int MAX_PLAIN_DIGITS = 18;

	/**
	 * An integer of up to 18 digits in canonical form (an optional minus, no leading
	 * zero, nothing around it), {@code true}, {@code false} or {@code null}: the node the
	 * parser makes of it. Anything else, a leading zero or a space included, is left to
	 * the parser, which reads or refuses it.
	 */
	@Override
	protected JsonNode decodePlain(byte[] data) {
		int length = data.length;
		if (length == 0) {
			return null;
		}
		if (Arrays.equals(data, TRUE)) {
			return BooleanNode.TRUE;
		}
		if (Arrays.equals(data, FALSE)) {
			return BooleanNode.FALSE;
		}
		if (Arrays.equals(data, NULL)) {
			return NullNode.getInstance();
		}
		boolean negative = data[0] == '-';
		int start = negative ? 1 : 0;
		int digits = length - start;
		if (digits == 0 || digits > MAX_PLAIN_DIGITS || (data[start] == '0' && digits > 1)) {
			return null;
		}
		long value = 0;
		for (int i = start; i < length; i++) {
			int digit = data[i] - '0';
			if (digit < 0 || digit > 9) {
				return null;
			}
			value = value * 10 + digit;
		}
		if (negative) {
			value = -value;
		}
		return (value == (int) value) ? NODES.numberNode((int) value) : NODES.numberNode(value);
	}

	/**
	 * The task and timeout of a REQUEST that starts and ends as {@link #encodeCall}
	 * writes it.
	 */
	@Override
	public CallPeek peekCall(byte[] data) {
		return PlainJsonPeek.peek(data);
	}

	/** A plain call is read without a parser ({@link PlainJsonCalls}). */
	@Override
	protected CallPayload decodeCallPlain(byte[] data) {
		return PlainJsonCalls.decode(data);
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
