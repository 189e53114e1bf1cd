package io.patio;

/** The handshake failed: the peers do not share the same key. */
public class AuthenticationException extends PatioException {

	public AuthenticationException(String task, String message) {
		super(ErrorCode.AUTHENTICATION_FAILED, task, message);
	}

	public AuthenticationException(String task, String message, Throwable cause) {
		super(ErrorCode.AUTHENTICATION_FAILED, task, message, cause);
	}

}
