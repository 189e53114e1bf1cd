package io.patio;

import org.jspecify.annotations.Nullable;

/**
 * Root of every error patio raises. Each subclass stands for one {@link ErrorCode}; the
 * message names the task (where there is one) and what went wrong.
 */
public class PatioException extends RuntimeException {

	private final ErrorCode code;

	private final String task;

	public PatioException(ErrorCode code, @Nullable String task, @Nullable String message) {
		this(code, task, message, null);
	}

	public PatioException(ErrorCode code, @Nullable String task, @Nullable String message, @Nullable Throwable cause) {
		super(message, cause);
		this.code = code;
		this.task = task;
	}

	/** What kind of failure this is. */
	public ErrorCode getCode() {
		return this.code;
	}

	/** The task the failure is about, or {@code null}. */
	public @Nullable String getTask() {
		return this.task;
	}

}
