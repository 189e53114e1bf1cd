package io.patio;

/** The call's arguments do not bind to the task's parameters. */
public class BadArgumentsException extends PatioException {

	public BadArgumentsException(String task, String message) {
		super(ErrorCode.BAD_ARGUMENTS, task, message);
	}

	public BadArgumentsException(String task, String message, Throwable cause) {
		super(ErrorCode.BAD_ARGUMENTS, task, message, cause);
	}

}
