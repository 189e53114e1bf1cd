package io.patio.protocol;

import java.util.Objects;

import org.slf4j.Logger;

/**
 * Logs why connections are closed without letting a hostile peer flood the log: one
 * warning line each, no stack traces, within the broker's {@link FaultBudget} (20 lines
 * per ten seconds for the whole broker, shared by every {@code FaultLog} on that budget);
 * the rest go to debug and are counted in the next warning.
 */
public final class FaultLog {

	private final Logger logger;

	private final FaultBudget budget;

	/**
	 * @param logger where the lines go (the class that closes the connection)
	 * @param budget the broker's budget, shared by all of its fault logs
	 */
	public FaultLog(Logger logger, FaultBudget budget) {
		this.logger = Objects.requireNonNull(logger, "logger");
		this.budget = Objects.requireNonNull(budget, "budget");
	}

	/** Logs that the connection to {@code peer} is closed because of {@code reason}. */
	public void closing(Object peer, String reason) {
		int skipped = this.budget.take();
		if (skipped < 0) {
			this.logger.debug("Closing connection to {}: {}", peer, reason);
		}
		else if (skipped > 0) {
			this.logger.warn("Closing connection to {}: {} ({} similar messages suppressed)", peer, reason, skipped);
		}
		else {
			this.logger.warn("Closing connection to {}: {}", peer, reason);
		}
	}

}
