package io.patio.executor;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;
import org.openjdk.jcstress.infra.results.Z_Result;

import io.patio.registry.Registry;
import io.patio.registry.TaskDefinition;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The thread pool's one-compare-and-set interrupt protocol ({@link CallSlot} with
 * {@link PatioCall#run()} and {@link PatioCall#expire()}), raced by a worker that starts
 * a call and a timeout that expires it.
 */
public final class InterruptProtocolStress {

	private InterruptProtocolStress() {
	}

	/** What a task records: that it ran. */
	public static final class Flag {

		volatile boolean ran;

	}

	/** The task the calls run. */
	public static final class Tasks {

		public void mark(Flag flag) {
			flag.ran = true;
		}

	}

	private static final TaskDefinition MARK;

	private static final AbstractPatioExecutor.TaskCounters COUNTERS = new AbstractPatioExecutor.TaskCounters();

	static {
		Registry registry = new Registry();
		try {
			MARK = registry.register("mark", new Tasks(), Tasks.class.getMethod("mark", Flag.class));
		}
		catch (NoSuchMethodException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * An executor whose timeouts interrupt through one slot, as the thread pool's do
	 * through each worker's.
	 */
	static class OneSlotExecutor extends AbstractPatioExecutor {

		private final CallSlot slot;

		OneSlotExecutor(CallSlot slot) {
			super(new Registry(), 1, 0);
			this.slot = slot;
		}

		@Override
		protected void interrupt(PatioCall call) {
			this.slot.interruptIfRunning(call);
		}

		@Override
		protected void submit(PatioCall call) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected void expireOverdue(long now) {
		}

		@Override
		protected boolean isIdle() {
			return true;
		}

		@Override
		protected void failPending() {
		}

		@Override
		public long getPendingCount() {
			return 0;
		}

		@Override
		public String getType() {
			return "one-slot";
		}

		@Override
		public ExecutorStats getStats() {
			return null;
		}

	}

	static PatioCall call(AbstractPatioExecutor executor, Flag flag) {
		return new PatioCall(executor, MARK, new Object[] { flag }, 0L, false, 0L, COUNTERS, null);
	}

	/**
	 * A call of the task that marks its flag, as the tests that race a timeout against
	 * the start of a call make it, and the outcome such a test reports.
	 */
	static final class RacedCall {

		final Flag flag = new Flag();

		final PatioCall call;

		RacedCall(AbstractPatioExecutor executor) {
			this.call = call(executor, this.flag);
		}

		/** The timeout's side of the race. */
		void expire() {
			this.call.expire();
		}

		/**
		 * Reports whether the task ran, whether the call failed (timed out) and whether
		 * its runner was interrupted.
		 * @param result where the outcome goes
		 * @param interrupted whether the runner was interrupted
		 */
		void report(ZZZ_Result result, boolean interrupted) {
			result.r1 = this.flag.ran;
			result.r2 = this.call.isCompletedExceptionally();
			result.r3 = interrupted;
		}

	}

	/**
	 * A timeout that completes the call while the worker starts it: either the worker
	 * sees it done and skips it, or the timeout sees it running and interrupts it. A task
	 * that ran on a call the timeout won, without an interrupt, is the bug.
	 */
	@JCStressTest
	@Description("A timeout races a worker starting the call.")
	@Outcome(id = "false, true, false", expect = ACCEPTABLE,
			desc = "Timed out before the worker published it: skipped.")
	@Outcome(id = "false, true, true", expect = ACCEPTABLE_INTERESTING,
			desc = "Timed out once published, before the worker checked: skipped; the interrupt is cleared at the next call.")
	@Outcome(id = "true, true, true", expect = ACCEPTABLE, desc = "Timed out while it ran: interrupted.")
	@Outcome(id = "true, false, false", expect = ACCEPTABLE, desc = "Finished before the timeout.")
	@Outcome(id = "true, true, false", expect = FORBIDDEN, desc = "Ran after its timeout, and was not interrupted.")
	@Outcome(expect = FORBIDDEN, desc = "Anything else.")
	@State
	public static class TimeoutRacesStart {

		volatile boolean interruptSent;

		final CallSlot slot = new CallSlot() {
			@Override
			protected void interruptRunner() {
				TimeoutRacesStart.this.interruptSent = true;
			}
		};

		final RacedCall raced = new RacedCall(new OneSlotExecutor(this.slot));

		@Actor
		public void worker() {
			this.slot.begin(this.raced.call);
			this.raced.call.run();
		}

		@Actor
		public void timeout() {
			this.raced.expire();
		}

		@Arbiter
		public void outcome(ZZZ_Result result) {
			this.raced.report(result, this.interruptSent);
		}

	}

	/**
	 * A timeout of a worker's call that comes as the worker moves on to its next call:
	 * the interrupt never reaches the next call.
	 */
	@JCStressTest
	@Description("A timeout's interrupt races the worker's next call.")
	@Outcome(id = "false", expect = ACCEPTABLE, desc = "The next call starts without an interrupt.")
	@Outcome(id = "true", expect = FORBIDDEN, desc = "The interrupt meant for the last call reached the next one.")
	@State
	public static class InterruptNeverReachesTheNextCall {

		volatile Thread worker;

		final CallSlot slot = new CallSlot() {
			@Override
			protected void interruptRunner() {
				// the worker published its thread before it published the call
				InterruptNeverReachesTheNextCall.this.worker.interrupt();
			}
		};

		final OneSlotExecutor executor = new OneSlotExecutor(this.slot);

		final PatioCall first = call(this.executor, new Flag());

		final PatioCall next = call(this.executor, new Flag());

		@Actor
		public void worker(Z_Result result) {
			this.worker = Thread.currentThread();
			this.slot.begin(this.first);
			this.first.run();
			this.slot.begin(this.next);
			result.r1 = Thread.currentThread().isInterrupted();
			Thread.interrupted(); // leave the harness's thread as it was
		}

		@Actor
		public void timeout() {
			this.first.expire();
		}

	}

}
