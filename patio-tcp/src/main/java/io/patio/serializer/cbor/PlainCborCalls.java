package io.patio.serializer.cbor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.patio.serializer.CallPayload;

/**
 * The common REQUEST, written in CBOR without a generator: a task name and arguments that
 * are all ints, longs, booleans, nulls or ASCII strings, no keyword arguments and no
 * headers. The bytes are those the CBOR mapper writes for the same {@link CallPayload} (a
 * differential test holds them to it); any other call returns {@code null} and goes
 * through the mapper. Setting up a generator costs more than writing such a call.
 */
final class PlainCborCalls {

	private static final int TEXT = 0x60;

	private static final int NEGATIVE = 0x20;

	private static final int INDEFINITE_MAP = 0xBF;

	private static final int ARRAY = 0x80;

	private static final int FALSE = 0xF4;

	private static final int TRUE = 0xF5;

	private static final int NULL = 0xF6;

	private static final int FLOAT64 = 0xFB;

	private static final int BREAK = 0xFF;

	/** A head's most bytes: its type and an 8-byte argument. */
	private static final int MAX_HEAD = 9;

	private PlainCborCalls() {
	}

	/** The call's CBOR, or {@code null} when it is not such a plain call. */
	static byte[] encode(CallPayload call) {
		String func = call.func();
		List<?> args = call.args();
		Map<String, ?> kwargs = call.kwargs();
		if (func == null || args == null || (kwargs != null && !kwargs.isEmpty())
				|| (call.headers() != null && !call.headers().isEmpty()) || !isAscii(func)) {
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
			else if (arg.getClass() == String.class && isAscii((String) arg)) {
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

	private static boolean isAscii(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) > 0x7F) {
				return false;
			}
		}
		return true;
	}

}
