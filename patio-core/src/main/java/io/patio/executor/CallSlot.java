package io.patio.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The call a worker thread runs or last ran, and the interrupt protocol that lets a
 * timeout stop that call and never the next one: one compare-and-set per call for the
 * worker, in {@link #begin}.
 * <p>
 * {@link #current} keeps the last call after it ends, until the next one replaces it (or
 * the timeout sweep lets it go, once it is done). A timeout first completes the call,
 * then interrupts the thread only if it can swap that call for {@link #INTERRUPTING}; the
 * worker publishes the call before it checks whether the call is done. Both steps are
 * full fences, so either the worker sees the call done and skips it, or the timeout sees
 * it running and interrupts it. While the swap holds, the worker waits in {@link #begin}
 * before its next call; {@link #INTERRUPTED} then tells it to clear the interrupt, so
 * that it never reaches that call. An interrupt sent just as the task returns may find
 * the worker idle, waiting for a call: the pool catches it there.
 * <p>
 * Kept apart from the thread so that the stress tests (module {@code patio-jcstress})
 * drive this very code; {@link #interruptRunner} is how a slot reaches its thread.
 */
abstract class CallSlot {

	private static final VarHandle CURRENT;

	static {
		try {
			CURRENT = MethodHandles.lookup().findVarHandle(CallSlot.class, "current", PatioCall.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Stands in {@link #current} while a timeout interrupts the thread. */
	private static final PatioCall INTERRUPTING = new PatioCall(null, null, null, 0L, false, 0L, null, null);

	/**
	 * Stands in {@link #current} once the interrupt is sent, until the next call clears
	 * it.
	 */
	private static final PatioCall INTERRUPTED = new PatioCall(null, null, null, 0L, false, 0L, null, null);

	/**
	 * The call the thread runs or last ran, or a sentinel. It is all the state the
	 * interrupt protocol needs, kept here rather than in the call, whose cache line the
	 * caller may be writing (attaching callbacks) while the thread runs it.
	 */
	private volatile PatioCall current;

	/**
	 * Publishes the call with a full fence; the call checks whether it is done after
	 * this. Called by the slot's thread. Waits while a timeout interrupts the thread for
	 * its previous call, and clears that interrupt.
	 * @return whether an interrupt meant for the previous call was cleared
	 */
	final boolean begin(PatioCall call) {
		PatioCall previous;
		do {
			while ((previous = this.current) == INTERRUPTING) {
				Thread.onSpinWait();
			}
		}
		while (!CURRENT.compareAndSet(this, previous, call));
		if (previous == INTERRUPTED) {
			Thread.interrupted();
			return true;
		}
		return false;
	}

	/**
	 * Lets a finished call go, unless the thread has moved on or is being interrupted.
	 */
	final void forget(PatioCall call) {
		CURRENT.compareAndSet(this, call, null);
	}

	/**
	 * Interrupts the thread if it still runs {@code call}.
	 * @return whether it did
	 */
	final boolean interruptIfRunning(PatioCall call) {
		if (CURRENT.compareAndSet(this, call, INTERRUPTING)) {
			try {
				interruptRunner();
			}
			finally {
				this.current = INTERRUPTED;
			}
			return true;
		}
		return false;
	}

	/** The call the thread runs or last ran, or {@code null}; it may be done already. */
	final PatioCall current() {
		PatioCall call = this.current;
		return (call != INTERRUPTING && call != INTERRUPTED) ? call : null;
	}

	/** Interrupts the slot's thread. */
	protected abstract void interruptRunner();

}
