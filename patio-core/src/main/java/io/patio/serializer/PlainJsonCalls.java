package io.patio.serializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import tools.jackson.core.io.NumberOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * The common REQUEST, written in JSON without a generator: a task name and arguments that
 * are all ints, longs, booleans, nulls or strings of printable ASCII with nothing to
 * escape, no keyword arguments and no headers. The bytes are those the wire mapper writes
 * for the same {@link CallPayload} (a differential test holds them to it); any other call
 * returns {@code null} and goes through the mapper. Setting up a generator costs more
 * than writing such a call.
 */
final class PlainJsonCalls {

	static final byte[] FUNC = bytes("{\"func\":\"");

	private static final byte[] ARGS = bytes("\",\"args\":[");

	private static final byte[] KWARGS_NULL = bytes("],\"kwargs\":null,\"timeout\":");

	private static final byte[] KWARGS_EMPTY = bytes("],\"kwargs\":{},\"timeout\":");

	private static final byte[] NULL = bytes("null");

	private static final byte[] TRUE = bytes("true");

	private static final byte[] FALSE = bytes("false");

	private static final byte[] KWARGS_EMPTY_NAME = bytes(",\"kwargs\":{},\"timeout\":");

	private static final byte[] KWARGS_NULL_NAME = bytes(",\"kwargs\":null,\"timeout\":");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** The longest REQUEST read without a parser. */
	private static final int MAX_PLAIN_REQUEST = 4096;

	/** The most arguments of a REQUEST read without a parser. */
	private static final int MAX_PLAIN_ARGS = 64;

	/** The most digits of an integer argument read without a parser: none overflows. */
	private static final int MAX_PLAIN_DIGITS = 18;

	/** The longest timeout read without a parser. */
	private static final int MAX_PLAIN_NUMBER = 32;

	/** A long's most characters, sign included. */
	private static final int MAX_LONG_LENGTH = 20;

	private PlainJsonCalls() {
	}

	/** The call's JSON, or {@code null} when it is not such a plain call. */
	static byte[] encode(CallPayload call) {
		String func = call.func();
		List<?> args = call.args();
		Map<String, ?> kwargs = call.kwargs();
		if (!call.hasOnlyPositionalArguments() || !isPlain(func)) {
			return null;
		}
		int size = FUNC.length + func.length() + ARGS.length + KWARGS_NULL.length + 32 + 1;
		for (Object arg : args) {
			if (arg == null || arg.getClass() == Boolean.class) {
				size += FALSE.length + 1;
			}
			else if (arg.getClass() == Integer.class || arg.getClass() == Long.class) {
				size += MAX_LONG_LENGTH + 1;
			}
			else if (arg.getClass() == String.class && isPlain((String) arg)) {
				size += ((String) arg).length() + 3;
			}
			else {
				return null;
			}
		}
		byte[] out = new byte[size];
		int at = put(out, 0, FUNC);
		at = putAscii(out, at, func);
		at = put(out, at, ARGS);
		boolean first = true;
		for (Object arg : args) {
			if (!first) {
				out[at++] = ',';
			}
			first = false;
			at = putValue(out, at, arg);
		}
		at = put(out, at, (kwargs != null) ? KWARGS_EMPTY : KWARGS_NULL);
		Double timeout = call.timeout();
		if (timeout == null) {
			at = put(out, at, NULL);
		}
		else {
			double seconds = timeout;
			if (NumberOutput.notFinite(seconds)) {
				return null;
			}
			int end = PlainJsonNumbers.putMicros(out, at, seconds);
			if (end > 0) {
				at = end;
			}
			else {
				// as the wire mapper writes it: its fast double writer is on
				String text = NumberOutput.toString(seconds, true);
				if (at + text.length() + 1 > out.length) {
					return null;
				}
				at = putAscii(out, at, text);
			}
		}
		out[at++] = '}';
		return (at == out.length) ? out : Arrays.copyOf(out, at);
	}

	/**
	 * The call of a REQUEST in exactly the form {@link #encode} writes (no space, the
	 * fields in its order, plain arguments, a float or null timeout), as the parser's
	 * path reads it, through the same checks ({@link JacksonPayloads#call}); {@code null}
	 * for any other payload, which the parser reads or refuses. A payload of more than
	 * {@value #MAX_PLAIN_REQUEST} bytes or {@value #MAX_PLAIN_ARGS} arguments is left to
	 * the parser too, whose bounds then apply.
	 */
	static CallPayload decode(byte[] data) {
		if (data.length > MAX_PLAIN_REQUEST || !startsWith(data, 0, FUNC)) {
			return null;
		}
		int at = FUNC.length;
		int end = plainStringEnd(data, at);
		if (end < 0 || !startsWith(data, end, ARGS)) {
			return null;
		}
		JsonNode func = NODES.stringNode(TaskNames.ascii(data, at, end));
		at = end + ARGS.length;
		List<JsonNode> args = new ArrayList<>(4);
		if (at < data.length && data[at] == ']') {
			at++;
		}
		else {
			while (true) {
				if (args.size() == MAX_PLAIN_ARGS) {
					return null;
				}
				int next = scalarEnd(data, at);
				if (next < 0) {
					return null;
				}
				args.add(scalar(data, at, next));
				at = next;
				if (at < data.length && data[at] == ',') {
					at++;
				}
				else if (at < data.length && data[at] == ']') {
					at++;
					break;
				}
				else {
					return null;
				}
			}
		}
		JsonNode kwargs;
		if (startsWith(data, at, KWARGS_EMPTY_NAME)) {
			kwargs = NODES.objectNode();
			at += KWARGS_EMPTY_NAME.length;
		}
		else if (startsWith(data, at, KWARGS_NULL_NAME)) {
			kwargs = NullNode.getInstance();
			at += KWARGS_NULL_NAME.length;
		}
		else {
			return null;
		}
		if (data.length - at < 2 || data[data.length - 1] != '}') {
			return null;
		}
		JsonNode timeout = timeout(data, at, data.length - 1);
		if (timeout == null) {
			return null;
		}
		return JacksonPayloads.call(func, args, null, kwargs, timeout, null);
	}

	/** Null, or a finite float in JSON's grammar as a double node; else {@code null}. */
	private static JsonNode timeout(byte[] data, int from, int to) {
		if (to - from == NULL.length && startsWith(data, from, NULL)) {
			return NullNode.getInstance();
		}
		int at = from;
		if (at < to && data[at] == '-') {
			at++;
		}
		int digits = digits(data, at, to);
		if (digits == 0 || (data[at] == '0' && digits > 1)) {
			return null;
		}
		at += digits;
		boolean fraction = false;
		if (at < to && data[at] == '.') {
			int more = digits(data, at + 1, to);
			if (more == 0) {
				return null;
			}
			at += 1 + more;
			fraction = true;
		}
		if (at < to && (data[at] == 'e' || data[at] == 'E')) {
			at++;
			if (at < to && (data[at] == '+' || data[at] == '-')) {
				at++;
			}
			int exponent = digits(data, at, to);
			if (exponent == 0) {
				return null;
			}
			at += exponent;
			fraction = true;
		}
		if (at != to || !fraction || to - from > MAX_PLAIN_NUMBER) {
			// an integer timeout, or anything else: the parser's
			return null;
		}
		double seconds = PlainJsonNumbers.exactly(data, from, to);
		if (Double.isNaN(seconds)) {
			seconds = Double.parseDouble(ascii(data, from, to));
		}
		return Double.isFinite(seconds) ? NODES.numberNode(seconds) : null;
	}

	private static int digits(byte[] data, int from, int to) {
		int at = from;
		while (at < to && data[at] >= '0' && data[at] <= '9') {
			at++;
		}
		return at - from;
	}

	/** Where a plain argument that starts at {@code at} ends, or -1. */
	private static int scalarEnd(byte[] data, int at) {
		if (at >= data.length) {
			return -1;
		}
		byte first = data[at];
		if (first == '"') {
			int end = plainStringEnd(data, at + 1);
			return (end < 0) ? -1 : end + 1;
		}
		if (startsWith(data, at, TRUE)) {
			return at + TRUE.length;
		}
		if (startsWith(data, at, FALSE)) {
			return at + FALSE.length;
		}
		if (startsWith(data, at, NULL)) {
			return at + NULL.length;
		}
		int start = (first == '-') ? at + 1 : at;
		int digits = digits(data, start, data.length);
		if (digits == 0 || digits > MAX_PLAIN_DIGITS || (data[start] == '0' && digits > 1)) {
			return -1;
		}
		int end = start + digits;
		if (end < data.length && (data[end] == '.' || data[end] == 'e' || data[end] == 'E')) {
			return -1; // a float: the parser's
		}
		return end;
	}

	/** The node the parser makes of a plain argument that {@link #scalarEnd} found. */
	private static JsonNode scalar(byte[] data, int from, int to) {
		byte first = data[from];
		if (first == '"') {
			return NODES.stringNode(ascii(data, from + 1, to - 1));
		}
		if (first == 't') {
			return BooleanNode.TRUE;
		}
		if (first == 'f') {
			return BooleanNode.FALSE;
		}
		if (first == 'n') {
			return NullNode.getInstance();
		}
		boolean negative = first == '-';
		long value = 0;
		for (int i = negative ? from + 1 : from; i < to; i++) {
			value = value * 10 + (data[i] - '0');
		}
		if (negative) {
			value = -value;
		}
		return (value == (int) value) ? NODES.numberNode((int) value) : NODES.numberNode(value);
	}

	/**
	 * Where the plain string whose text starts at {@code at} ends (its closing quote), or
	 * -1 when it has anything to unescape or decode.
	 */
	private static int plainStringEnd(byte[] data, int at) {
		return plainStringEnd(data, at, data.length);
	}

	/** As {@link #plainStringEnd(byte[], int)}, looking no further than {@code limit}. */
	static int plainStringEnd(byte[] data, int at, int limit) {
		for (int i = at; i < limit; i++) {
			byte b = data[i];
			if (b == '"') {
				return i;
			}
			if (b < 0x20 || b > 0x7E || b == '\\') {
				return -1;
			}
		}
		return -1;
	}

	static boolean startsWith(byte[] data, int at, byte[] prefix) {
		if (at < 0 || data.length - at < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (data[at + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	static String ascii(byte[] data, int from, int to) {
		return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
	}

	private static int putValue(byte[] out, int at, Object arg) {
		if (arg == null) {
			return put(out, at, NULL);
		}
		Class<?> type = arg.getClass();
		if (type == Integer.class) {
			return NumberOutput.outputInt((Integer) arg, out, at);
		}
		if (type == Long.class) {
			return NumberOutput.outputLong((Long) arg, out, at);
		}
		if (type == Boolean.class) {
			return put(out, at, ((Boolean) arg) ? TRUE : FALSE);
		}
		out[at++] = '"';
		at = putAscii(out, at, (String) arg);
		out[at++] = '"';
		return at;
	}

	/**
	 * Printable ASCII with no quote, backslash or slash: what the mapper writes as it is,
	 * whether it escapes slashes or not.
	 */
	private static boolean isPlain(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c > 0x7E || c == '"' || c == '\\' || c == '/') {
				return false;
			}
		}
		return true;
	}

	private static int putAscii(byte[] out, int at, String text) {
		for (int i = 0; i < text.length(); i++) {
			out[at + i] = (byte) text.charAt(i);
		}
		return at + text.length();
	}

	private static int put(byte[] out, int at, byte[] bytes) {
		System.arraycopy(bytes, 0, out, at, bytes.length);
		return at + bytes.length;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
