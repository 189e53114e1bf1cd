package io.patio.executor;

import java.time.Duration;
import java.util.Map;

/**
 * One call to run: the task's name, its arguments and its time budget. Arguments are Java
 * objects when the call comes from this JVM and JSON trees when it came off a wire; the
 * task's binder takes either.
 *
 * @param task the task's name
 * @param args positional arguments, never {@code null}
 * @param kwargs keyword arguments by parameter name, never {@code null}
 * @param deadline {@link System#nanoTime()} by which the call must be done, when
 * {@code hasDeadline}
 * @param hasDeadline whether the call has a time budget at all
 * @param headers context for the call, such as a W3C {@code traceparent}; never {@code null}
 */
public record CallRequest(String task, Object[] args, Map<String, ?> kwargs, long deadline, boolean hasDeadline,
		Map<String, String> headers) {

	private static final Object[] NO_ARGS = {};

	public CallRequest {
		args = (args != null) ? args : NO_ARGS;
		kwargs = (kwargs != null) ? kwargs : Map.of();
		headers = (headers != null) ? headers : Map.of();
	}

	/** A call whose budget starts now; a {@code null}, zero or negative timeout means none. */
	public static CallRequest of(String task, Object[] args, Map<String, ?> kwargs, Duration timeout,
			Map<String, String> headers) {
		boolean hasDeadline = timeout != null && !timeout.isZero() && !timeout.isNegative();
		long deadline = hasDeadline ? System.nanoTime() + saturatedNanos(timeout) : 0L;
		return new CallRequest(task, args, kwargs, deadline, hasDeadline, headers);
	}

	/** This request with other headers, e.g. with a W3C {@code traceparent} added; the deadline stays. */
	public CallRequest withHeaders(Map<String, String> headers) {
		return new CallRequest(this.task, this.args, this.kwargs, this.deadline, this.hasDeadline, headers);
	}

	/** What is left of the budget, in nanoseconds (at most {@link Long#MAX_VALUE} with no deadline). */
	public long remainingNanos() {
		return this.hasDeadline ? this.deadline - System.nanoTime() : Long.MAX_VALUE;
	}

	/** Whether the budget has run out. */
	public boolean isExpired() {
		return this.hasDeadline && this.deadline - System.nanoTime() <= 0;
	}

	private static long saturatedNanos(Duration timeout) {
		try {
			return timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 2;
		}
	}

	@Override
	public String toString() {
		return "CallRequest[task=" + this.task + ", args=" + this.args.length + ", kwargs=" + this.kwargs.keySet()
				+ "]";
	}

}
