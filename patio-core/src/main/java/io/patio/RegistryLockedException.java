package io.patio;

/** The registry is locked because a broker has started; register tasks before that. */
public class RegistryLockedException extends PatioException {

	public RegistryLockedException(String task, String message) {
		super(ErrorCode.REGISTRY_LOCKED, task, message);
	}

	public RegistryLockedException(String task, String message, Throwable cause) {
		super(ErrorCode.REGISTRY_LOCKED, task, message, cause);
	}

}
