package io.patio.serializer;

import java.nio.charset.StandardCharsets;

/**
 * Reads the task and the timeout of a JSON REQUEST at a glance
 * ({@link Serializer#peekCall}), as patio's writers ({@link PlainJsonCalls} and the
 * mapper's compact output of {@link CallPayload}) put them: the task first,
 * {@code {"func":"name"}, and the timeout last, {@code ,"timeout":null}} or a plain
 * decimal such as {@code ,"timeout":29.999987}}. Nothing in between is looked at; any
 * other payload (spaces, escapes, headers after the timeout, an exponent) is left to the
 * parser, which reads or refuses it as ever.
 */
final class PlainJsonPeek {

	/** The longest task name read. */
	static final int MAX_NAME = 256;

	/** The longest timeout read, in characters. */
	private static final int MAX_TIMEOUT = 24;

	private static final byte[] TIMEOUT = ",\"timeout\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NO_TIMEOUT = ",\"timeout\":null}".getBytes(StandardCharsets.US_ASCII);

	private PlainJsonPeek() {
	}

	static CallPeek peek(byte[] data) {
		if (!PlainJsonCalls.startsWith(data, 0, PlainJsonCalls.FUNC)) {
			return null;
		}
		int at = PlainJsonCalls.FUNC.length;
		int nameEnd = PlainJsonCalls.plainStringEnd(data, at, Math.min(data.length, at + MAX_NAME + 1));
		int end = data.length - 1;
		if (nameEnd <= at || end <= nameEnd || data[end] != '}') {
			return null;
		}
		String task = TaskNames.ascii(data, at, nameEnd);
		if (PlainJsonCalls.startsWith(data, data.length - NO_TIMEOUT.length, NO_TIMEOUT)) {
			return new CallPeek(task, null);
		}
		int from = end;
		while (from > nameEnd && end - from < MAX_TIMEOUT && isDecimal(data[from - 1])) {
			from--;
		}
		if (!PlainJsonCalls.startsWith(data, from - TIMEOUT.length, TIMEOUT)) {
			return null;
		}
		double timeout = plainDecimal(data, from, end);
		return (timeout >= 0) ? new CallPeek(task, timeout) : null;
	}

	private static boolean isDecimal(byte b) {
		return (b >= '0' && b <= '9') || b == '.';
	}

	/**
	 * The value of digits with at most one point between two digits, when it is exact to
	 * read: at most 15 digits, so that they make an integer a double holds exactly, which
	 * one division by an exact power of ten rounds correctly, to the double every
	 * correctly rounded reader gives; -1 for anything else.
	 */
	private static double plainDecimal(byte[] data, int from, int to) {
		long digits = 0;
		int count = 0;
		int point = -1;
		for (int i = from; i < to; i++) {
			byte b = data[i];
			if (b == '.') {
				if (point >= 0 || i == from || i == to - 1) {
					return -1;
				}
				point = i;
			}
			else {
				digits = digits * 10 + (b - '0');
				count++;
			}
		}
		if (count == 0 || count > 15) {
			return -1;
		}
		int scale = (point < 0) ? 0 : to - point - 1;
		return digits / POWERS_OF_TEN[scale];
	}

	/** 10<sup>0</sup> to 10<sup>15</sup>, each exact in a double. */
	private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
			1e13, 1e14, 1e15 };

}
