package io.patio.broker.tcp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count that only a connection's event loop adds to and any thread reads: a plain add
 * and an opaque store, with no atomic instruction on the path of every frame, where a
 * {@link java.util.concurrent.atomic.LongAdder} costs a compare-and-set each time.
 */
final class LoopCounter {

	private static final VarHandle VALUE;

	static {
		try {
			VALUE = MethodHandles.lookup().findVarHandle(LoopCounter.class, "value", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Written by the event loop only, opaquely, so that a reader never sees it torn. */
	private long value;

	/** Adds one; on the connection's event loop only. */
	void increment() {
		VALUE.setOpaque(this, this.value + 1);
	}

	/**
	 * The count, from any thread: what the event loop has added so far, or a little less.
	 */
	long sum() {
		return (long) VALUE.getOpaque(this);
	}

}
