package io.patio.executor;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The virtual-threads executor's interrupt protocol ({@link RunningCalls} with
 * {@link PatioCall#run()} and {@link PatioCall#expire()}), raced by a call's thread that
 * starts it and a timeout that expires it. The call's thread is stood in for by a thread
 * that never starts, whose interrupt status records the interrupt, so that no interrupt
 * reaches the harness's own threads (and the test runs on Java 17).
 */
public final class RunningCallsStress {

	private RunningCallsStress() {
	}

	/**
	 * An executor whose timeouts interrupt through {@link RunningCalls}, as the
	 * virtual-threads executor's do.
	 */
	static final class RunningCallsExecutor extends InterruptProtocolStress.OneSlotExecutor {

		private final RunningCalls running;

		RunningCallsExecutor(RunningCalls running) {
			super(null);
			this.running = running;
		}

		@Override
		protected void interrupt(PatioCall call) {
			this.running.interruptIfRunning(call);
		}

	}

	/**
	 * A timeout that completes the call while its thread starts it: either the thread
	 * sees it done and skips it, or the timeout finds the thread and interrupts it. A
	 * task that ran on a call the timeout won, without an interrupt, is the bug.
	 */
	@JCStressTest
	@Description("A timeout races a virtual thread starting its call.")
	@Outcome(id = "false, true, false", expect = ACCEPTABLE, desc = "Timed out before the call was published: skipped.")
	@Outcome(id = "false, true, true", expect = ACCEPTABLE_INTERESTING,
			desc = "Timed out once published, before the thread checked: skipped; the thread ends interrupted.")
	@Outcome(id = "true, true, true", expect = ACCEPTABLE, desc = "Timed out while it ran: interrupted.")
	@Outcome(id = "true, false, false", expect = ACCEPTABLE, desc = "Finished before the timeout.")
	@Outcome(id = "true, true, false", expect = FORBIDDEN, desc = "Ran after its timeout, and was not interrupted.")
	@Outcome(expect = FORBIDDEN, desc = "Anything else.")
	@State
	public static class TimeoutRacesStart {

		final InterruptProtocolStress.Flag flag = new InterruptProtocolStress.Flag();

		final RunningCalls running = new RunningCalls();

		/** Stands in for the call's thread: never started, it only records interrupts. */
		final Thread callThread = new Thread(() -> {
		});

		final PatioCall call = InterruptProtocolStress.call(new RunningCallsExecutor(this.running), this.flag);

		/**
		 * Publishes and runs the call. The executor then removes it; that is left out
		 * here, because a timeout that finds the call removed finds a task that has
		 * returned, which it need not interrupt: this test is about a task that runs on.
		 */
		@Actor
		public void callThread() {
			this.running.publish(this.call, this.callThread);
			this.call.run();
		}

		@Actor
		public void timeout() {
			this.call.expire();
		}

		@Arbiter
		public void outcome(ZZZ_Result result) {
			result.r1 = this.flag.ran;
			result.r2 = this.call.isCompletedExceptionally();
			result.r3 = this.callThread.isInterrupted();
		}

	}

}
