package io.patio.executor;

import io.patio.TaskTimeoutException;
import io.patio.call.CallRequest;
import io.patio.registry.Registry;

/**
 * An executor that forwards its calls to workers elsewhere, such as the process pool's
 * worker JVMs, on the same scaffolding as the others: interceptors, the timeout sweep,
 * counters and shutdown. A call's task is resolved here (an unknown task fails at once),
 * but its arguments stay as they came, for the worker to bind, and its budget's clock
 * starts when it is accepted. A subclass reads each call's request with
 * {@link #requestOf}, sends it, and ends the call with {@link #succeed}, {@link #fail} or
 * {@link #expire}.
 */
public abstract class ForwardingPatioExecutor extends AbstractPatioExecutor {

	protected ForwardingPatioExecutor(Registry registry, int maxWorkers, int queueCapacity) {
		super(registry, maxWorkers, queueCapacity, true);
	}

	/** The request of a call, its budget's clock started. */
	protected static CallRequest requestOf(PatioCall call) {
		return call.request();
	}

	/**
	 * Completes a call with the result its worker sent, counted as done and converted as
	 * its caller asked; returns whether this ended the call.
	 */
	protected static boolean succeed(PatioCall call, Object result) {
		return call.succeed(result);
	}

	/**
	 * Fails a call with what its worker answered (a {@link io.patio.TaskFailedException}
	 * wraps what is not a {@link io.patio.PatioException}), counted as done; returns
	 * whether this ended the call.
	 */
	protected static boolean fail(PatioCall call, Throwable error) {
		return call.fail(error);
	}

	/** Whether the call's budget ran out by {@code now}, for {@link #expireOverdue}. */
	protected static boolean isOverdue(PatioCall call, long now) {
		return call.isOverdue(now);
	}

	/**
	 * Fails the call with {@code timeout} and then {@link #interrupt interrupts} it;
	 * returns whether this ended the call.
	 */
	protected static boolean expire(PatioCall call, TaskTimeoutException timeout) {
		return call.expire(timeout);
	}

}
