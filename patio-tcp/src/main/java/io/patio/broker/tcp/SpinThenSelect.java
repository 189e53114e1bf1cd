package io.patio.broker.tcp;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * A select strategy that polls (without blocking) for a short while after the event loop
 * runs out of work, before it blocks in the selector. An answer that arrives within that
 * window, from the peer or from a worker thread, is handled without the loop having to be
 * woken up, which on virtual machines costs tens of microseconds. The cost is at most the
 * window's CPU time each time the loop goes idle.
 */
final class SpinThenSelect implements SelectStrategy {

	private final long spinNanos;

	/**
	 * When the loop last found nothing to do, or -1 while it is busy; loop thread only.
	 */
	private long idleSince = -1;

	SpinThenSelect(long spinNanos) {
		this.spinNanos = spinNanos;
	}

	@Override
	public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
		int ready = selectNow.get();
		if (ready > 0 || hasTasks) {
			this.idleSince = -1;
			return ready;
		}
		long now = System.nanoTime();
		if (this.idleSince == -1) {
			this.idleSince = now;
		}
		if (now - this.idleSince < this.spinNanos) {
			Thread.onSpinWait();
			return 0;
		}
		this.idleSince = -1;
		return SELECT;
	}

}
