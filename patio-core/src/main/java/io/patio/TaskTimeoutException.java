package io.patio;

/** The call did not finish within its time budget. */
public class TaskTimeoutException extends PatioException {

	public TaskTimeoutException(String task, String message) {
		super(ErrorCode.TIMEOUT, task, message);
	}

	public TaskTimeoutException(String task, String message, Throwable cause) {
		super(ErrorCode.TIMEOUT, task, message, cause);
	}

}
