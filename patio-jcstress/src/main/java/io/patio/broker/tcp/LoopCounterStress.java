package io.patio.broker.tcp;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link LoopCounter}: the event loop adds with no atomic instruction while another
 * thread (Actuator, a test) reads. A reader sees a count the loop reached, never a torn
 * one, and never one that goes back.
 */
@JCStressTest
@Outcome(id = { "0, 0", "0, 1", "0, 2", "0, 3", "0, 4", "1, 1", "1, 2", "1, 3", "1, 4", "2, 2", "2, 3", "2, 4", "3, 3",
		"3, 4", "4, 4" }, expect = ACCEPTABLE, desc = "counts the loop reached, in order")
@Outcome(expect = FORBIDDEN, desc = "a count that went back, or one the loop never reached")
@State
public class LoopCounterStress {

	private final LoopCounter counter = new LoopCounter();

	@Actor
	public void eventLoop() {
		for (int i = 0; i < 4; i++) {
			this.counter.increment();
		}
	}

	@Actor
	public void reader(JJ_Result r) {
		r.r1 = this.counter.sum();
		r.r2 = this.counter.sum();
	}

}
