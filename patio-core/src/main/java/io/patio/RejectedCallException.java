package io.patio;

/**
 * The executor is saturated and turned the call away; retry later or raise its limits.
 */
public class RejectedCallException extends PatioException {

	public RejectedCallException(String task, String message) {
		super(ErrorCode.REJECTED, task, message);
	}

	public RejectedCallException(String task, String message, Throwable cause) {
		super(ErrorCode.REJECTED, task, message, cause);
	}

}
