package io.patio.protocol;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How many warning lines about closed connections one broker may write: at most
 * {@value #LINES_PER_WINDOW} per {@link #WINDOW} (ten seconds), whatever part of the
 * broker writes them (frame decoder, handshake, connection, admission). Each broker has
 * one budget, shared by all its connections and handlers, so a hostile peer cannot make a
 * broker write more than that by provoking faults of different kinds. A line over the
 * budget is counted, and the count is reported by the next line that fits.
 * <p>
 * Thread-safe; faults are rare compared with the cost of a lock.
 */
public final class FaultBudget {

	/** Warning lines per window. */
	public static final int LINES_PER_WINDOW = 20;

	/** The window the lines are counted in. */
	public static final Duration WINDOW = Duration.ofSeconds(10);

	private static final long WINDOW_NANOS = WINDOW.toNanos();

	private final LongSupplier nanoClock;

	private long windowStart;

	private int inWindow;

	private int suppressed;

	/** A budget on {@link System#nanoTime()}. */
	public FaultBudget() {
		this(System::nanoTime);
	}

	/**
	 * A budget on the given clock.
	 * @param nanoClock monotonic nanoseconds, like {@link System#nanoTime()}
	 */
	public FaultBudget(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
		this.windowStart = nanoClock.getAsLong();
	}

	/**
	 * Takes one line from the budget.
	 * @return {@code -1} if the budget of the current window is spent (the line is then
	 * counted as suppressed); otherwise how many lines were suppressed since the last
	 * line that fitted, which the caller reports (the count starts again at 0)
	 */
	public synchronized int take() {
		long now = this.nanoClock.getAsLong();
		if (now - this.windowStart >= WINDOW_NANOS) {
			this.windowStart = now;
			this.inWindow = 0;
		}
		if (this.inWindow >= LINES_PER_WINDOW) {
			this.suppressed++;
			return -1;
		}
		this.inWindow++;
		int skipped = this.suppressed;
		this.suppressed = 0;
		return skipped;
	}

}
