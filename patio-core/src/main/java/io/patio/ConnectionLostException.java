package io.patio;

/**
 * The connection the call was in flight on was lost; the task may or may not have run.
 */
public class ConnectionLostException extends PatioException {

	public ConnectionLostException(String task, String message) {
		super(ErrorCode.CONNECTION_LOST, task, message);
	}

	public ConnectionLostException(String task, String message, Throwable cause) {
		super(ErrorCode.CONNECTION_LOST, task, message, cause);
	}

}
