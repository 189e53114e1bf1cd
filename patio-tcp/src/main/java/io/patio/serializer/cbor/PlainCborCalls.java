package io.patio.serializer.cbor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

import io.patio.serializer.CallPayload;
import io.patio.serializer.CallPeek;

/**
 * The common REQUEST, written in CBOR without a generator: a task name and arguments that
 * are all ints, longs, booleans, nulls or ASCII strings, no keyword arguments and no
 * headers. The bytes are those the CBOR mapper writes for the same {@link CallPayload} (a
 * differential test holds them to it); any other call returns {@code null} and goes
 * through the mapper. Setting up a generator costs more than writing such a call.
 */
final class PlainCborCalls {

	static final int TEXT = 0x60;

	static final int NEGATIVE = 0x20;

	private static final int INDEFINITE_MAP = 0xBF;

	private static final int ARRAY = 0x80;

	static final int FALSE = 0xF4;

	static final int TRUE = 0xF5;

	static final int NULL = 0xF6;

	private static final int FLOAT64 = 0xFB;

	private static final int BREAK = 0xFF;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** The longest REQUEST read without a parser. */
	private static final int MAX_PLAIN_REQUEST = 4096;

	/** The longest task name {@link #peekCall} reads. */
	static final int MAX_PEEKED_NAME = 256;

	/** The {@code timeout} key: a text of seven bytes. */
	private static final byte[] TIMEOUT_KEY = { 0x67, 't', 'i', 'm', 'e', 'o', 'u', 't' };

	/** The most arguments of a REQUEST read without a parser. */
	private static final int MAX_PLAIN_ARGS = 64;

	/** The longest text the CBOR mapper writes with a definite length. */
	private static final int MAX_DEFINITE_TEXT = 3996;

	/** A head's most bytes: its type and an 8-byte argument. */
	private static final int MAX_HEAD = 9;

	private PlainCborCalls() {
	}

	/** The call's CBOR, or {@code null} when it is not such a plain call. */
	static byte[] encode(CallPayload call) {
		String func = call.func();
		List<?> args = call.args();
		Map<String, ?> kwargs = call.kwargs();
		if (!call.hasOnlyPositionalArguments() || !isShortAscii(func)) {
			return null;
		}
		// the map's marks, four names, the name's head and text, the args' head,
		// kwargs and the timeout
		int size = 2 + 5 + 5 + 7 + 8 + MAX_HEAD + func.length() + MAX_HEAD + 2 + MAX_HEAD;
		for (Object arg : args) {
			if (arg == null || arg.getClass() == Boolean.class || arg.getClass() == Integer.class
					|| arg.getClass() == Long.class) {
				size += MAX_HEAD;
			}
			else if (arg.getClass() == String.class && isShortAscii((String) arg)) {
				size += MAX_HEAD + ((String) arg).length();
			}
			else {
				return null;
			}
		}
		byte[] out = new byte[size];
		int at = 0;
		out[at++] = (byte) INDEFINITE_MAP;
		at = putText(out, at, "func");
		at = putText(out, at, func);
		at = putText(out, at, "args");
		at = putHead(out, at, ARRAY, args.size());
		for (Object arg : args) {
			at = putValue(out, at, arg);
		}
		at = putText(out, at, "kwargs");
		if (kwargs != null) {
			// the mapper writes a map, even an empty one, with no length
			out[at++] = (byte) INDEFINITE_MAP;
			out[at++] = (byte) BREAK;
		}
		else {
			out[at++] = (byte) NULL;
		}
		at = putText(out, at, "timeout");
		Double timeout = call.timeout();
		if (timeout == null) {
			out[at++] = (byte) NULL;
		}
		else {
			out[at++] = (byte) FLOAT64;
			at = putLong(out, at, Double.doubleToRawLongBits(timeout));
		}
		out[at++] = (byte) BREAK;
		return (at == out.length) ? out : Arrays.copyOf(out, at);
	}

	/**
	 * The task and timeout of a REQUEST that starts and ends as {@link #encode} and the
	 * CBOR mapper write it: an indefinite map whose first key is {@code func}, its value
	 * a text of 1 to {@value #MAX_PEEKED_NAME} ASCII characters, and whose last key is
	 * {@code timeout}, its value null or a 64-bit float, before the map's break;
	 * {@code null} for any other payload, which the parser reads or refuses. Nothing in
	 * between is looked at.
	 */
	static CallPeek peekCall(byte[] data) {
		int n = data.length;
		if (n < 2 || (data[0] & 0xFF) != INDEFINITE_MAP || (data[n - 1] & 0xFF) != BREAK) {
			return null;
		}
		PlainCborReader in = new PlainCborReader(data);
		if (!in.name("func")) {
			return null;
		}
		String func = in.taskName(MAX_PEEKED_NAME);
		if (func == null || func.isEmpty() || in.available() < 2 + TIMEOUT_KEY.length) {
			return null;
		}
		if ((data[n - 2] & 0xFF) == NULL && matches(data, n - 2 - TIMEOUT_KEY.length)) {
			return new CallPeek(func, null);
		}
		if (in.available() < 10 + TIMEOUT_KEY.length || (data[n - 10] & 0xFF) != FLOAT64
				|| !matches(data, n - 10 - TIMEOUT_KEY.length)) {
			return null;
		}
		long bits = 0;
		for (int i = n - 9; i < n - 1; i++) {
			bits = (bits << 8) | (data[i] & 0xFF);
		}
		double timeout = Double.longBitsToDouble(bits);
		return Double.isFinite(timeout) ? new CallPeek(func, timeout) : null;
	}

	/** Whether the {@code timeout} key's bytes start at {@code at}. */
	private static boolean matches(byte[] data, int at) {
		for (int i = 0; i < TIMEOUT_KEY.length; i++) {
			if (data[at + i] != TIMEOUT_KEY[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The fields of a REQUEST in exactly the form {@link #encode} writes, as the parser's
	 * path reads them, for the same checks; {@code null} for any other payload, which the
	 * parser reads or refuses. A payload of more than {@value #MAX_PLAIN_REQUEST} bytes
	 * or {@value #MAX_PLAIN_ARGS} arguments, or an integer of 64 bits, is left to the
	 * parser too.
	 */
	static Fields decode(byte[] data) {
		if (data.length > MAX_PLAIN_REQUEST || data.length < 2 || (data[0] & 0xFF) != INDEFINITE_MAP
				|| (data[data.length - 1] & 0xFF) != BREAK) {
			return null;
		}
		PlainCborReader in = new PlainCborReader(data);
		if (!in.name("func")) {
			return null;
		}
		String func = in.taskName(Integer.MAX_VALUE);
		if (func == null || !in.name("args")) {
			return null;
		}
		int count = in.head(ARRAY);
		if (count < 0 || count > MAX_PLAIN_ARGS) {
			return null;
		}
		List<JsonNode> args = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			JsonNode arg = in.scalar();
			if (arg == null) {
				return null;
			}
			args.add(arg);
		}
		if (!in.name("kwargs")) {
			return null;
		}
		JsonNode kwargs;
		if (in.take(INDEFINITE_MAP, BREAK)) {
			kwargs = NODES.objectNode();
		}
		else if (in.take(NULL)) {
			kwargs = NullNode.getInstance();
		}
		else {
			return null;
		}
		if (!in.name("timeout")) {
			return null;
		}
		JsonNode timeout;
		if (in.take(NULL)) {
			timeout = NullNode.getInstance();
		}
		else if (in.take(FLOAT64) && in.available() >= 8) {
			double seconds = Double.longBitsToDouble(in.bits(8));
			if (!Double.isFinite(seconds)) {
				return null;
			}
			timeout = NODES.numberNode(seconds);
		}
		else {
			return null;
		}
		if (!in.take(BREAK) || in.available() != 0) {
			return null;
		}
		return new Fields(NODES.stringNode(func), args, kwargs, timeout);
	}

	/** A plain REQUEST's fields, as the parser's path holds them before its checks. */
	record Fields(JsonNode func, List<JsonNode> args, JsonNode kwargs, JsonNode timeout) {
	}

	/**
	 * An int, a long, a boolean or null, alone, as the mapper writes them (most results);
	 * {@code null} for any other value.
	 */
	static byte[] encodeValue(Object value) {
		if (value != null && value.getClass() != Integer.class && value.getClass() != Long.class
				&& value.getClass() != Boolean.class) {
			return null;
		}
		byte[] out = new byte[MAX_HEAD];
		int end = putValue(out, 0, value);
		return Arrays.copyOf(out, end);
	}

	private static int putValue(byte[] out, int at, Object arg) {
		if (arg == null) {
			out[at] = (byte) NULL;
			return at + 1;
		}
		Class<?> type = arg.getClass();
		if (type == Integer.class || type == Long.class) {
			long value = ((Number) arg).longValue();
			// a negative n is major type 1 with argument -1 - n, which is ~n
			return (value >= 0) ? putHead(out, at, 0, value) : putHead(out, at, NEGATIVE, ~value);
		}
		if (type == Boolean.class) {
			out[at] = (byte) (((Boolean) arg) ? TRUE : FALSE);
			return at + 1;
		}
		return putText(out, at, (String) arg);
	}

	private static int putText(byte[] out, int at, String text) {
		int next = putHead(out, at, TEXT, text.length());
		for (int i = 0; i < text.length(); i++) {
			out[next + i] = (byte) text.charAt(i);
		}
		return next + text.length();
	}

	/**
	 * A head of major type {@code major} (already shifted) with the unsigned
	 * {@code argument} in as few bytes as it fits.
	 */
	private static int putHead(byte[] out, int at, int major, long argument) {
		if (argument >= 0 && argument < 24) {
			out[at] = (byte) (major | argument);
			return at + 1;
		}
		if (argument >= 0 && argument <= 0xFF) {
			out[at] = (byte) (major | 24);
			out[at + 1] = (byte) argument;
			return at + 2;
		}
		if (argument >= 0 && argument <= 0xFFFF) {
			out[at] = (byte) (major | 25);
			out[at + 1] = (byte) (argument >> 8);
			out[at + 2] = (byte) argument;
			return at + 3;
		}
		if (argument >= 0 && argument <= 0xFFFF_FFFFL) {
			out[at] = (byte) (major | 26);
			for (int i = 0; i < 4; i++) {
				out[at + 1 + i] = (byte) (argument >> (24 - 8 * i));
			}
			return at + 5;
		}
		out[at] = (byte) (major | 27);
		return putLong(out, at + 1, argument);
	}

	private static int putLong(byte[] out, int at, long bits) {
		for (int i = 0; i < 8; i++) {
			out[at + i] = (byte) (bits >> (56 - 8 * i));
		}
		return at + 8;
	}

	/**
	 * ASCII and at most {@value #MAX_DEFINITE_TEXT} characters: the mapper writes a
	 * longer text in chunks of indefinite length.
	 */
	private static boolean isShortAscii(String text) {
		if (text.length() > MAX_DEFINITE_TEXT) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) > 0x7F) {
				return false;
			}
		}
		return true;
	}

}
