package io.patio.serializer;

import tools.jackson.core.io.NumberOutput;

/**
 * The floats of a plain REQUEST ({@link PlainJsonCalls}), its timeout, written and read
 * without the mapper's shortest-decimal writer and without {@link Double#parseDouble},
 * each only where that gives exactly their result; anything else is left to them.
 */
final class PlainJsonNumbers {

	private PlainJsonNumbers() {
	}

	/**
	 * Writes {@code seconds} as the mapper's shortest form does when it is a whole number
	 * of microseconds from 0.001 up to 10<sup>7</sup> (a caller's budget, which
	 * {@code OutboundCallsHandler} counts in microseconds): then the digits of those
	 * microseconds, with the point six places in, are that form. No other decimal of at
	 * most six places is within a microsecond of it, while doubles that large are less
	 * than 2<sup>-29</sup> apart, so the shortest decimal that reads back as it is that
	 * one. Returns where it ended, or {@code 0} for any other value, which the mapper's
	 * writer then writes.
	 */
	static int putMicros(byte[] out, int at, double seconds) {
		if (!(seconds >= 0.001 && seconds < 1e7)) {
			return 0;
		}
		long micros = Math.round(seconds * 1e6);
		if (micros / 1e6 != seconds) {
			return 0;
		}
		long whole = micros / 1_000_000;
		int fraction = (int) (micros % 1_000_000);
		at = NumberOutput.outputLong(whole, out, at);
		out[at++] = '.';
		int places = 6;
		while (places > 1 && fraction % 10 == 0) {
			fraction /= 10;
			places--;
		}
		for (int i = at + places - 1; i >= at; i--) {
			out[i] = (byte) ('0' + fraction % 10);
			fraction /= 10;
		}
		return at + places;
	}

	/** Powers of ten that a double holds exactly. */
	private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
			1e13, 1e14, 1e15 };

	/**
	 * A float in JSON's grammar with no exponent and at most 15 digits, read as
	 * {@link Double#parseDouble} reads it: its digits as a whole number and the power of
	 * ten its places make are both exact doubles, so their quotient, correctly rounded,
	 * is the number correctly rounded. {@code NaN} for any other float.
	 */
	static double exactly(byte[] data, int from, int to) {
		boolean negative = data[from] == '-';
		long digits = 0;
		int count = 0;
		int places = -1;
		for (int at = negative ? from + 1 : from; at < to; at++) {
			byte c = data[at];
			if (c == '.') {
				places = 0;
			}
			else if (c >= '0' && c <= '9') {
				digits = digits * 10 + (c - '0');
				count++;
				if (places >= 0) {
					places++;
				}
			}
			else {
				return Double.NaN;
			}
		}
		if (count > 15 || places < 0) {
			return Double.NaN;
		}
		double value = digits / POWERS_OF_TEN[places];
		return negative ? -value : value;
	}

}
