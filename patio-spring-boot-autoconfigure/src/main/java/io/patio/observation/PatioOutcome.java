package io.patio.observation;

import io.patio.PatioException;

/**
 * The {@code outcome} tag of patio observations: {@code success}, the failure's
 * {@link io.patio.ErrorCode} ({@code timeout}, {@code rejected}, {@code task-failed},
 * {@code unknown-task}, ...), {@code error} for any other failure, or {@code unknown}
 * while the call runs.
 */
public final class PatioOutcome {

	public static final String SUCCESS = "success";

	public static final String ERROR = "error";

	public static final String UNKNOWN = "unknown";

	private PatioOutcome() {
	}

	/**
	 * The outcome of a call that ended ({@code finished}) with {@code failure}, or not.
	 */
	public static String of(boolean finished, Throwable failure) {
		if (!finished) {
			return UNKNOWN;
		}
		if (failure == null) {
			return SUCCESS;
		}
		if (failure instanceof PatioException patio && patio.getCode() != null) {
			return patio.getCode().value();
		}
		return ERROR;
	}

}
