package io.patio.broker.tcp;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The TCP worker's answer batching ({@link AnswerBatch}): an executor thread finishes an
 * answer while the event loop drains the one finished before. Every answer is written
 * exactly once, by a drain that was scheduled: none is left behind, none written twice.
 */
@JCStressTest
@Description("A worker adds an answer while the event loop drains the previous one.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Each answer written once, none left behind.")
@Outcome(expect = FORBIDDEN, desc = "An answer lost, left behind or written twice.")
@State
public class AnswerBatchStress {

	/** The event loop's task queue: what the loop actor and then the arbiter run. */
	private final ConcurrentLinkedQueue<Runnable> loop = new ConcurrentLinkedQueue<>();

	private final AtomicIntegerArray written = new AtomicIntegerArray(2);

	private final AnswerBatch<Integer> batch = new AnswerBatch<>("stress", this.loop::add,
			(answer) -> this.written.incrementAndGet(answer), () -> true);

	public AnswerBatchStress() {
		// an answer finished before: its drain is scheduled, not run yet
		this.batch.add(0);
	}

	@Actor
	public void worker() {
		this.batch.add(1);
	}

	/** The event loop, running the drains scheduled so far. */
	@Actor
	public void eventLoop() {
		Runnable task;
		while ((task = this.loop.poll()) != null) {
			task.run();
		}
	}

	/** The event loop later on: runs what is still scheduled, and nothing else. */
	@Arbiter
	public void outcome(II_Result result) {
		Runnable task;
		while ((task = this.loop.poll()) != null) {
			task.run();
		}
		result.r1 = this.written.get(0);
		result.r2 = this.written.get(1);
	}

}
