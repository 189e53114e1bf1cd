package io.patio.protocol;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs why connections are closed without letting a hostile peer flood the log: at most
 * {@value #PER_WINDOW} warnings per ten seconds, one line each and no stack traces; the
 * rest go to debug and are counted in the next warning.
 */
public final class FaultLog {

	private static final int PER_WINDOW = 20;

	private static final long WINDOW_NANOS = 10_000_000_000L;

	private final Logger logger;

	private final AtomicLong windowStart = new AtomicLong(System.nanoTime());

	private final AtomicInteger inWindow = new AtomicInteger();

	private final AtomicInteger suppressed = new AtomicInteger();

	public FaultLog(Logger logger) {
		this.logger = logger;
	}

	/** Logs that the connection to {@code peer} is closed because of {@code reason}. */
	public void closing(Object peer, String reason) {
		long now = System.nanoTime();
		long start = this.windowStart.get();
		if (now - start > WINDOW_NANOS && this.windowStart.compareAndSet(start, now)) {
			this.inWindow.set(0);
		}
		if (this.inWindow.incrementAndGet() <= PER_WINDOW) {
			int skipped = this.suppressed.getAndSet(0);
			if (skipped > 0) {
				this.logger.warn("Closing connection to {}: {} ({} similar messages suppressed)", peer, reason,
						skipped);
			}
			else {
				this.logger.warn("Closing connection to {}: {}", peer, reason);
			}
		}
		else {
			this.suppressed.incrementAndGet();
			this.logger.debug("Closing connection to {}: {}", peer, reason);
		}
	}

}
