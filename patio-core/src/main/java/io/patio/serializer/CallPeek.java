package io.patio.serializer;

import java.time.Duration;

/**
 * What a REQUEST says at a glance ({@link Serializer#peekCall}): the task it names and
 * its timeout, read without decoding the rest.
 *
 * @param task the task's name; never {@code null} or empty
 * @param timeout what is left of the caller's budget, in seconds, or {@code null} for
 * none
 */
public record CallPeek(String task, Double timeout) {

	/** The timeout as a budget, as {@link CallPayload#budget()} gives it. */
	public Duration budget() {
		return CallPayload.budgetOf(this.timeout);
	}

}
