package io.patio.protocol;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker's serial counter, shared by all its connections: pre-incremented, so the first
 * serial is 1, wrapping from 4294967295 to 1; 0 is never handed out.
 */
public final class Serials {

	/** The largest serial, 2^32 - 1. */
	public static final long MAX = 0xFFFF_FFFFL;

	private final AtomicLong last = new AtomicLong();

	/** The next serial. */
	public long next() {
		while (true) {
			long current = this.last.get();
			long next = (current >= MAX) ? 1 : current + 1;
			if (this.last.compareAndSet(current, next)) {
				return next;
			}
		}
	}

	/**
	 * Makes {@code serial} the last one handed out, so the next is {@code serial + 1}
	 * (tests use it to reach the wrap).
	 */
	public void reset(long serial) {
		if (serial < 0 || serial > MAX) {
			throw new IllegalArgumentException("serial out of range: " + serial);
		}
		this.last.set(serial);
	}

}
