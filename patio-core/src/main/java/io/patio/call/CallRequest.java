package io.patio.call;

import java.time.Duration;
import java.util.Map;

/**
 * One call to run: the task's name, its arguments and its time budget. Arguments are Java
 * objects when the call comes from this JVM; off a wire they are JSON trees, plain
 * values, or, for a task's record and bean parameters, instances already bound from the
 * REQUEST (see {@link io.patio.serializer.ArgumentTypes}); the task's binder takes any of
 * these.
 * <p>
 * A budget of {@value #LAZY_MILLIS} ms or more starts <em>lazily</em>: no clock is read
 * when the call is made; the executor's sweep, which looks for overdue calls every
 * {@value #SWEEP_MILLIS} ms, starts the clock when it first sees the call. Such a call
 * times out up to two sweeps (about 20 ms) after its budget, never before. Reading the
 * clock costs as much as the rest of a local call on some virtual machines, and most
 * calls finish long before a sweep sees them. Shorter budgets start at once and are
 * checked against the clock when the call is accepted and when it starts.
 *
 * @param task the task's name
 * @param args positional arguments, never {@code null}
 * @param kwargs keyword arguments by parameter name, never {@code null}
 * @param deadline {@link System#nanoTime()} by which the call must be done, when
 * {@code hasDeadline} and the budget has started ({@code lazyBudget} is 0); to copy a
 * request, use {@link #withHeaders} or {@link #startClock}, which keep a lazy budget,
 * rather than this component
 * @param hasDeadline whether the call has a time budget at all
 * @param headers context for the call, such as a W3C {@code traceparent}; never
 * {@code null}
 * @param lazyBudget the budget in nanoseconds while its clock has not started, else 0
 */
public record CallRequest(String task, Object[] args, Map<String, ?> kwargs, long deadline, boolean hasDeadline,
		Map<String, String> headers, long lazyBudget) {

	/** How often executors look for overdue calls, in milliseconds. */
	public static final long SWEEP_MILLIS = 10;

	/** Budgets from this many milliseconds up start lazily. */
	public static final long LAZY_MILLIS = 1000;

	private static final long LAZY_NANOS = LAZY_MILLIS * 1_000_000;

	private static final Object[] NO_ARGS = {};

	public CallRequest {
		args = (args != null) ? args : NO_ARGS;
		kwargs = (kwargs != null) ? kwargs : Map.of();
		headers = (headers != null) ? headers : Map.of();
		lazyBudget = hasDeadline ? Math.max(lazyBudget, 0) : 0;
	}

	/** A call whose deadline is already set. */
	public CallRequest(String task, Object[] args, Map<String, ?> kwargs, long deadline, boolean hasDeadline,
			Map<String, String> headers) {
		this(task, args, kwargs, deadline, hasDeadline, headers, 0L);
	}

	/**
	 * A call whose budget starts now (lazily, if it is long); a {@code null}, zero or
	 * negative timeout means none.
	 */
	public static CallRequest of(String task, Object[] args, Map<String, ?> kwargs, Duration timeout,
			Map<String, String> headers) {
		boolean hasDeadline = timeout != null && !timeout.isZero() && !timeout.isNegative();
		if (!hasDeadline) {
			return new CallRequest(task, args, kwargs, 0L, false, headers, 0L);
		}
		long budget = budgetNanos(timeout);
		if (budget >= LAZY_NANOS) {
			return new CallRequest(task, args, kwargs, 0L, true, headers, budget);
		}
		return new CallRequest(task, args, kwargs, System.nanoTime() + budget, true, headers, 0L);
	}

	/** Whether the budget's clock has not started yet (a long budget, see above). */
	public boolean isLazy() {
		return this.lazyBudget > 0;
	}

	/**
	 * This request with its budget's clock started now, for a path that measures the
	 * budget itself (a call waiting for a peer or for its broker to start); the request
	 * as it is when the clock runs already.
	 */
	public CallRequest startClock() {
		if (!isLazy()) {
			return this;
		}
		return new CallRequest(this.task, this.args, this.kwargs, System.nanoTime() + this.lazyBudget, true,
				this.headers, 0L);
	}

	/**
	 * This request with other headers, e.g. with a W3C {@code traceparent} added; the
	 * deadline stays.
	 */
	public CallRequest withHeaders(Map<String, String> headers) {
		return new CallRequest(this.task, this.args, this.kwargs, this.deadline, this.hasDeadline, headers,
				this.lazyBudget);
	}

	/**
	 * What is left of the budget, in nanoseconds: all of it while its clock has not
	 * started, {@link Long#MAX_VALUE} with no deadline.
	 */
	public long remainingNanos() {
		if (!this.hasDeadline) {
			return Long.MAX_VALUE;
		}
		return isLazy() ? this.lazyBudget : this.deadline - System.nanoTime();
	}

	/** Whether the budget has run out (never while its clock has not started). */
	public boolean isExpired() {
		return this.hasDeadline && !isLazy() && this.deadline - System.nanoTime() <= 0;
	}

	/** Whether a budget of this many nanoseconds starts lazily. */
	public static boolean isLazy(long budgetNanos) {
		return budgetNanos >= LAZY_NANOS;
	}

	/** A positive timeout in nanoseconds, saturated rather than overflowing. */
	public static long budgetNanos(Duration timeout) {
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
