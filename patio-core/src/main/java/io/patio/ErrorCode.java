package io.patio;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Why a call failed. The codes marked as wire codes are the ones the TCP protocol carries
 * in an ERROR packet ({@code "code"} field); the others only ever arise on the caller's
 * side.
 */
public enum ErrorCode {

	/** The task name is not in the executing side's registry. */
	UNKNOWN_TASK(true),
	/** The arguments do not bind to the task's parameters. */
	BAD_ARGUMENTS(true),
	/** A REQUEST payload that does not decode to a call. */
	BAD_REQUEST(true),
	/** The call's time budget ran out. */
	TIMEOUT(true),
	/** The executor is saturated and turned the call away. */
	REJECTED(true),
	/** The executing side is shutting down. */
	SHUTTING_DOWN(true),
	/**
	 * A REQUEST or an answer over a broker's {@code max-frame-size}; an older peer that
	 * does not know this code reads it as {@code task-failed}.
	 */
	TOO_LARGE(true),
	/** The task itself threw. */
	TASK_FAILED(true),
	/** The registry was locked when something tried to change it. */
	REGISTRY_LOCKED(false),
	/** The connection a call was in flight on went away. */
	CONNECTION_LOST(false),
	/** No connected peer offers the task. */
	NO_PEER(false),
	/** The peer refused our key, or we refused the peer's. */
	AUTHENTICATION_FAILED(false),
	/** The broker did not start within the call's timeout. */
	NOT_STARTED(false),
	/** A result that does not convert to the type the caller asked for. */
	BAD_RESULT(false),
	/**
	 * The worker process running the call died (process-pool executor); the task may or
	 * may not have run.
	 */
	WORKER_DIED(false);

	private final boolean wire;

	private final String value;

	ErrorCode(boolean wire) {
		this.wire = wire;
		this.value = name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The code as written on the wire, e.g. {@code unknown-task}. */
	public String value() {
		return this.value;
	}

	/** Whether the TCP protocol carries this code in ERROR packets. */
	public boolean isWireCode() {
		return this.wire;
	}

	/** The wire code for a string, or {@code null} when the string is not a wire code. */
	public static @Nullable ErrorCode fromWire(String value) {
		if (value != null) {
			for (ErrorCode code : values()) {
				if (code.wire && code.value.equals(value)) {
					return code;
				}
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
