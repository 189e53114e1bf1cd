package io.patio;

/** The side that was to run the call is shutting down. */
public class ShuttingDownException extends PatioException {

	public ShuttingDownException(String task, String message) {
		super(ErrorCode.SHUTTING_DOWN, task, message);
	}

	public ShuttingDownException(String task, String message, Throwable cause) {
		super(ErrorCode.SHUTTING_DOWN, task, message, cause);
	}

}
