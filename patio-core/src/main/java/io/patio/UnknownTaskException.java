package io.patio;

/** The task name is not registered where the call was to run. */
public class UnknownTaskException extends PatioException {

	public UnknownTaskException(String task, String message) {
		super(ErrorCode.UNKNOWN_TASK, task, message);
	}

	public UnknownTaskException(String task, String message, Throwable cause) {
		super(ErrorCode.UNKNOWN_TASK, task, message, cause);
	}

}
