package io.patio.broker.tcp;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Answers finished on executor threads, handed to the connection's event loop to write.
 * Workers that finish while a drain is already scheduled add to it rather than each
 * scheduling a task (and waking the event loop) of their own: the answers finished
 * together are written in one event loop task. No answer is left behind, none is written
 * twice. The stress tests (module {@code patio-jcstress}) drive this very code.
 */
final class AnswerBatch<T> {

	private final ConcurrentLinkedQueue<T> finished = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private final Executor eventLoop;

	private final Consumer<T> writer;

	private final Runnable drain = this::drain;

	/**
	 * @param eventLoop where the answers are written, one drain at a time
	 * @param writer writes one answer, on the event loop
	 */
	AnswerBatch(Executor eventLoop, Consumer<T> writer) {
		this.eventLoop = eventLoop;
		this.writer = writer;
	}

	/** Adds an answer, from any thread; schedules a drain unless one is scheduled. */
	void add(T answer) {
		this.finished.add(answer);
		if (this.drainScheduled.compareAndSet(false, true)) {
			this.eventLoop.execute(this.drain);
		}
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
			if (!this.finished.isEmpty() && this.drainScheduled.compareAndSet(false, true)) {
				this.eventLoop.execute(this.drain);
			}
		}
	}

}
