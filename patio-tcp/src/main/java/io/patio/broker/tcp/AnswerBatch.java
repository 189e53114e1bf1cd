package io.patio.broker.tcp;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.patio.call.PeriodicTask;

/**
 * Answers finished on executor threads, handed to the connection's event loop to write.
 * Workers that finish while a drain is already scheduled add to it rather than each
 * scheduling a task (and waking the event loop) of their own: the answers finished
 * together are written in one event loop task. No answer is left behind, none is written
 * twice. The stress tests (module {@code patio-jcstress}) drive this very code.
 * <p>
 * Should handing a drain to the event loop throw (an {@code Error} while it allocates, a
 * loop that refuses work), the answers already finished are not stranded: a
 * {@link PeriodicTask} on patio's timer hands the drain over again, every
 * {@link #RETRY_NANOS}, until it works or the connection is closed (its calls then fail
 * as with any lost connection). The next answer tries at once as well.
 */
final class AnswerBatch<T> {

	/** How long after a failed hand-over it is tried again. */
	static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final ConcurrentLinkedQueue<T> finished = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private final Executor eventLoop;

	private final Consumer<T> writer;

	private final BooleanSupplier open;

	private final Runnable drain = this::drain;

	/** Hands the drain over again after a hand-over failed; made up front, not then. */
	private final PeriodicTask retry;

	/**
	 * @param name what the answers are for, for the log
	 * @param eventLoop where the answers are written, one drain at a time
	 * @param writer writes one answer, on the event loop
	 * @param open whether the connection is open: a closed one's answers are not retried
	 */
	AnswerBatch(String name, Executor eventLoop, Consumer<T> writer, BooleanSupplier open) {
		this.eventLoop = eventLoop;
		this.writer = writer;
		this.open = open;
		this.retry = new PeriodicTask("answers of " + name, PeriodicTask.callTimer(), RETRY_NANOS, this::retry);
	}

	/** Adds an answer, from any thread; schedules a drain unless one is scheduled. */
	void add(T answer) {
		this.finished.add(answer);
		scheduleDrain();
	}

	/** Writes the answers finished so far, on the event loop. */
	void drain() {
		// Cleared first: an answer added from here on schedules a drain of its own.
		this.drainScheduled.set(false);
		try {
			T answer;
			while ((answer = this.finished.poll()) != null) {
				this.writer.accept(answer);
			}
		}
		finally {
			// Should writing one answer throw, the others are not left behind.
			if (!this.finished.isEmpty()) {
				scheduleDrain();
			}
		}
	}

	/** Whether a failed hand-over is to be tried again. */
	boolean isRetrying() {
		return this.retry.isScheduled();
	}

	private void scheduleDrain() {
		if (this.drainScheduled.compareAndSet(false, true)) {
			try {
				this.eventLoop.execute(this.drain);
			}
			catch (Throwable ex) {
				// no drain is scheduled after all: the next answer, or the retry, hands
				// one over
				this.drainScheduled.set(false);
				this.retry.schedule(RETRY_NANOS);
			}
		}
	}

	/** The retry's run: hands a drain over, throwing (and so retried) should it fail. */
	private long retry() {
		if (this.finished.isEmpty() || !this.open.getAsBoolean()) {
			return PeriodicTask.STOP;
		}
		if (this.drainScheduled.compareAndSet(false, true)) {
			try {
				this.eventLoop.execute(this.drain);
			}
			catch (Throwable ex) {
				this.drainScheduled.set(false);
				throw ex;
			}
		}
		return PeriodicTask.STOP;
	}

}
