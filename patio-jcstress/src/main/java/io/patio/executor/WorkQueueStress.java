package io.patio.executor;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The thread pool's {@link WorkQueue}, whose bound is a count kept beside a transfer
 * queue: raced offers for its last room, and an offer into a full queue raced by the
 * worker that takes a call out of it.
 */
public final class WorkQueueStress {

	private WorkQueueStress() {
	}

	private static final Runnable CALL = () -> {
	};

	/**
	 * How many calls the queue held, taken out one by one; {@code -1} when its count did
	 * not say so before, or is not zero after.
	 */
	static int drained(WorkQueue queue) {
		int counted = queue.size();
		int held = 0;
		while (queue.poll() != null) {
			held++;
		}
		return (counted == held && queue.size() == 0) ? held : -1;
	}

	/**
	 * Two offers into a queue with room for one: exactly one goes in, and the queue then
	 * holds one call.
	 */
	@JCStressTest
	@Description("Two offers race for a work queue's last room.")
	@Outcome(id = { "true, false, 1", "false, true, 1" }, expect = ACCEPTABLE, desc = "One got the room.")
	@Outcome(expect = FORBIDDEN, desc = "Both went in, or neither, or the count is off.")
	@State
	public static class LastRoom {

		final WorkQueue queue = new WorkQueue(1);

		@Actor
		public void first(ZZI_Result result) {
			result.r1 = this.queue.offer(CALL);
		}

		@Actor
		public void second(ZZI_Result result) {
			result.r2 = this.queue.offer(() -> {
			});
		}

		@Arbiter
		public void held(ZZI_Result result) {
			result.r3 = drained(this.queue);
		}

	}

	/**
	 * A full queue of one: a worker takes the call while the event loop offers another.
	 * The offer goes in only if the take freed the room first; either way the count
	 * matches what is held.
	 */
	@JCStressTest
	@Description("An offer into a full work queue races a worker taking from it.")
	@Outcome(id = "true, true, 1", expect = ACCEPTABLE, desc = "Taken first: the offer went in.")
	@Outcome(id = "true, false, 0", expect = ACCEPTABLE, desc = "Offered first: refused, then taken.")
	@Outcome(expect = FORBIDDEN, desc = "A call lost, the bound passed, or the count off.")
	@State
	public static class TakeFreesRoom {

		final WorkQueue queue = new WorkQueue(1);

		public TakeFreesRoom() {
			this.queue.offer(CALL);
		}

		@Actor
		public void worker(ZZI_Result result) {
			result.r1 = this.queue.poll() == CALL;
		}

		@Actor
		public void eventLoop(ZZI_Result result) {
			result.r2 = this.queue.offer(() -> {
			});
		}

		@Arbiter
		public void held(ZZI_Result result) {
			result.r3 = drained(this.queue);
		}

	}

}
