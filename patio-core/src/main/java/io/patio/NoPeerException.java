package io.patio;

/** No connected peer offers the task within the call's time budget. */
public class NoPeerException extends PatioException {

	public NoPeerException(String task, String message) {
		super(ErrorCode.NO_PEER, task, message);
	}

	public NoPeerException(String task, String message, Throwable cause) {
		super(ErrorCode.NO_PEER, task, message, cause);
	}

}
