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
 * @param tight whether the budget is short enough that the executor checks it against the
 * clock when it accepts the call and when the call starts; longer budgets are enforced by
 * the executor's sweep (every {@value #SWEEP_MILLIS} ms), which saves reading the clock
 * on every call
 */
public record CallRequest(String task, Object[] args, Map<String, ?> kwargs, long deadline, boolean hasDeadline,
		Map<String, String> headers, boolean tight) {

	/** How often executors look for overdue calls, in milliseconds. */
	public static final long SWEEP_MILLIS = 10;

	/** Budgets under this are checked against the clock on acceptance and start. */
	private static final long TIGHT_NANOS = 2 * SWEEP_MILLIS * 1_000_000;

	private static final Object[] NO_ARGS = {};

	public CallRequest {
		args = (args != null) ? args : NO_ARGS;
		kwargs = (kwargs != null) ? kwargs : Map.of();
		headers = (headers != null) ? headers : Map.of();
		tight = tight && hasDeadline;
	}

	/**
	 * A call with a deadline already set; nothing is known of how much budget it had, so it
	 * is checked against the clock when accepted and when it starts.
	 */
	public CallRequest(String task, Object[] args, Map<String, ?> kwargs, long deadline, boolean hasDeadline,
			Map<String, String> headers) {
		this(task, args, kwargs, deadline, hasDeadline, headers, true);
	}

	/** A call whose budget starts now; a {@code null}, zero or negative timeout means none. */
	public static CallRequest of(String task, Object[] args, Map<String, ?> kwargs, Duration timeout,
			Map<String, String> headers) {
		boolean hasDeadline = timeout != null && !timeout.isZero() && !timeout.isNegative();
		long budget = hasDeadline ? saturatedNanos(timeout) : 0L;
		long deadline = hasDeadline ? System.nanoTime() + budget : 0L;
		return new CallRequest(task, args, kwargs, deadline, hasDeadline, headers, budget < TIGHT_NANOS);
	}

	/** This request with other headers, e.g. with a W3C {@code traceparent} added; the deadline stays. */
	public CallRequest withHeaders(Map<String, String> headers) {
		return new CallRequest(this.task, this.args, this.kwargs, this.deadline, this.hasDeadline, headers,
				this.tight);
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
