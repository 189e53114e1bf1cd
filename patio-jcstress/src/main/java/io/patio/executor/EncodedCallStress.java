package io.patio.executor;

import java.util.List;
import java.util.Map;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import io.patio.serializer.CallPayload;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A call that came encoded learns its budget when its worker decodes it
 * ({@link PatioCall#run()}), while the timeout sweep may look at it
 * ({@link PatioCall#isOverdue(long)}): the sweep sees no budget yet, or the whole
 * deadline, never the flag without the deadline it guards (which would hold the time the
 * call arrived, and time out a call with an hour left).
 */
@JCStressTest
@Description("The timeout sweep races a worker decoding a call's budget.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
		desc = "Not overdue, whether or not the budget was seen; the task ran.")
@Outcome(id = "true, .*", expect = FORBIDDEN,
		desc = "Overdue with an hour left: the flag was seen before its deadline.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class EncodedCallStress {

	private final InterruptProtocolStress.Flag flag = new InterruptProtocolStress.Flag();

	private final PatioCall call = new PatioCall(new InterruptProtocolStress.OneSlotExecutor(new CallSlot() {
		@Override
		protected void interruptRunner() {
		}
	}), InterruptProtocolStress.MARK, () -> new CallPayload("mark", List.of(this.flag), Map.of(), 3600.0, Map.of()),
			System.nanoTime(), new AbstractPatioExecutor.TaskCounters());

	/** The worker: decodes the call, with its hour's budget, and runs it. */
	@Actor
	public void worker() {
		this.call.run();
	}

	/** The sweep, looking at the call meanwhile. */
	@Actor
	public void sweep(ZZ_Result result) {
		result.r1 = this.call.isOverdue(System.nanoTime());
	}

	@Arbiter
	public void ran(ZZ_Result result) {
		result.r2 = this.flag.ran;
	}

}
