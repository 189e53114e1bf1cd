package io.patio;

/** A call request that does not decode. */
public class BadRequestException extends PatioException {

	public BadRequestException(String task, String message) {
		super(ErrorCode.BAD_REQUEST, task, message);
	}

	public BadRequestException(String task, String message, Throwable cause) {
		super(ErrorCode.BAD_REQUEST, task, message, cause);
	}

}
