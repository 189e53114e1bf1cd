package io.patio.serializer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import tools.jackson.core.io.NumberOutput;

/**
 * The common REQUEST, written in JSON without a generator: a task name and arguments that
 * are all ints, longs, booleans, nulls or strings of printable ASCII with nothing to
 * escape, no keyword arguments and no headers. The bytes are those the wire mapper writes
 * for the same {@link CallPayload} (a differential test holds them to it); any other call
 * returns {@code null} and goes through the mapper. Setting up a generator costs more
 * than writing such a call.
 */
final class PlainJsonCalls {

	private static final byte[] FUNC = bytes("{\"func\":\"");

	private static final byte[] ARGS = bytes("\",\"args\":[");

	private static final byte[] KWARGS_NULL = bytes("],\"kwargs\":null,\"timeout\":");

	private static final byte[] KWARGS_EMPTY = bytes("],\"kwargs\":{},\"timeout\":");

	private static final byte[] NULL = bytes("null");

	private static final byte[] TRUE = bytes("true");

	private static final byte[] FALSE = bytes("false");

	/** A long's most characters, sign included. */
	private static final int MAX_LONG_LENGTH = 20;

	private PlainJsonCalls() {
	}

	/** The call's JSON, or {@code null} when it is not such a plain call. */
	static byte[] encode(CallPayload call) {
		String func = call.func();
		List<?> args = call.args();
		Map<String, ?> kwargs = call.kwargs();
		if (func == null || args == null || (kwargs != null && !kwargs.isEmpty())
				|| (call.headers() != null && !call.headers().isEmpty()) || !isPlain(func)) {
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
			// as the wire mapper writes it: its fast double writer is on
			String text = NumberOutput.toString(seconds, true);
			if (at + text.length() + 1 > out.length) {
				return null;
			}
			at = putAscii(out, at, text);
		}
		out[at++] = '}';
		return (at == out.length) ? out : Arrays.copyOf(out, at);
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
