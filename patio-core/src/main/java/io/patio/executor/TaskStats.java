package io.patio.executor;

/**
 * Calls of one task that an executor has finished.
 *
 * @param task the task's name
 * @param completed calls that ended with a result
 * @param failed calls that ended with an error
 */
public record TaskStats(String task, long completed, long failed) {

	/** Every finished call. */
	public long calls() {
		return this.completed + this.failed;
	}

}
