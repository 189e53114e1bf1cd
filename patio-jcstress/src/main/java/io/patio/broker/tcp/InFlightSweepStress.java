package io.patio.broker.tcp;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.patio.TaskTimeoutException;
import io.patio.call.CallRequest;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The TCP client's timeouts without a timer per call ({@link InFlightCalls}): the
 * broker's sweep finds a call overdue just as the event loop reads its answer. The call
 * ends exactly once, by whoever removed it: answered (and the answer not counted late),
 * or timed out (and the answer counted late). Nothing stays in flight.
 */
@JCStressTest
@Description("The timeout sweep and the call's answer race for an overdue call in flight.")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Answered first; the sweep found nothing.")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "Swept first; the answer came late and was counted.")
@Outcome(expect = FORBIDDEN, desc = "Ended twice, not at all, an answer lost uncounted, or a call left in flight.")
@State
public class InFlightSweepStress {

	private static final long SERIAL = 7;

	private final InFlightCalls inFlight = new InFlightCalls();

	private final OutboundCall call = new OutboundCall(
			CallRequest.of("mul", new Object[0], null, Duration.ofSeconds(30), null));

	private int late;

	public InFlightSweepStress() {
		this.call.serial = SERIAL;
		this.inFlight.put(SERIAL, this.call);
	}

	/** The event loop reads the call's answer. */
	@Actor
	public void answer() {
		OutboundCall answered = this.inFlight.answered(SERIAL);
		if (answered != null) {
			answered.complete(42);
		}
		else {
			this.late++;
		}
	}

	/** The broker's sweep, at a time past the call's deadline. */
	@Actor
	public void sweep() {
		this.inFlight.expireOverdue(this.call.request.deadline() + 1);
	}

	@Arbiter
	public void outcome(III_Result result) {
		int ended = 0;
		if (this.call.future.isDone()) {
			try {
				this.call.future.getNow(null);
				ended = 1;
			}
			catch (CompletionException ex) {
				ended = (ex.getCause() instanceof TaskTimeoutException) ? 2 : 3;
			}
		}
		result.r1 = ended;
		result.r2 = this.late;
		result.r3 = this.inFlight.size();
	}

}
