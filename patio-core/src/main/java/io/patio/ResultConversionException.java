package io.patio;

/** The task's result does not convert to the type the caller asked for. */
public class ResultConversionException extends PatioException {

	public ResultConversionException(String task, String message, Throwable cause) {
		super(ErrorCode.BAD_RESULT, task, message, cause);
	}

}
