package io.patio.broker.tcp;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import tools.jackson.databind.JavaType;

import io.patio.NoPeerException;
import io.patio.PatioException;
import io.patio.TaskTimeoutException;
import io.patio.broker.ResultConverter;
import io.patio.call.CallRequest;
import io.patio.call.CallTimer;

/**
 * A call this broker sends to a peer: waiting for a peer, then in flight on one
 * connection under one serial. Its future completes exactly once, with the answer
 * (converted to the caller's type as it completes, with no stage of its own), a timeout,
 * or a lost connection.
 * <p>
 * Its budget runs out in one of two ways. While it waits for a peer, a timer of its own
 * fails it ({@link #startTimer()}, the rare path). Once it is in flight, its connection's
 * sweep fails it ({@link OutboundCallsHandler#expireOverdue}), so the common call
 * schedules and cancels nothing.
 */
final class OutboundCall {

	final CallRequest request;

	final CompletableFuture<Object> future = new CompletableFuture<>();

	/** The conversion to the caller's result type, or {@code null} for none. */
	private final BiFunction<String, Object, Object> resultMapping;

	/**
	 * The record or bean class the answer may bind to straight from its payload, or
	 * {@code null}.
	 */
	final JavaType beanType;

	private volatile CallTimer.Timeout timer;

	/** The connection the call went out on, or {@code null} while it waits for a peer. */
	volatile TcpConnection connection;

	volatile long serial;

	volatile PeerGroup waitingIn;

	OutboundCall(CallRequest request) {
		this(request, null);
	}

	OutboundCall(CallRequest request, BiFunction<String, Object, Object> resultMapping) {
		// The budget covers waiting for a peer and the wire: its clock starts now.
		this.request = request.startClock();
		this.resultMapping = resultMapping;
		ResultConverter converter = ResultConverter.ofMapping(resultMapping);
		this.beanType = (converter != null) ? converter.getBeanType() : null;
	}

	String task() {
		return this.request.task();
	}

	/**
	 * Arms a timer for the rest of the budget, for a call that starts waiting for a peer;
	 * once armed it stays until the call ends, sent or not.
	 */
	synchronized void startTimer() {
		if (this.request.hasDeadline() && this.timer == null) {
			this.timer = CallTimer.schedule(this::expire, this.request.remainingNanos());
			if (isDone()) {
				// ended meanwhile, and may not have seen the timer to cancel it
				cancelTimer();
			}
		}
	}

	/** Whether the budget ran out by {@code now}, a {@link System#nanoTime()}. */
	boolean isOverdue(long now) {
		return this.request.hasDeadline() && this.request.deadline() - now <= 0;
	}

	private void expire() {
		TcpConnection sentOn = this.connection;
		if (sentOn == null) {
			PeerGroup group = this.waitingIn;
			PatioException error = null;
			if (group != null) {
				group.removeWaiting(this);
				error = group.expired();
			}
			fail((error != null) ? error : new NoPeerException(task(), "No peer offers task '" + task()
					+ "': none was connected and advertising it within the call's timeout"));
		}
		else {
			// sent meanwhile: whoever takes it out of flight ends it (an answer may be
			// ending it now, or the sweep)
			if (sentOn.forget(this)) {
				fail(timedOut());
			}
		}
	}

	TaskTimeoutException timedOut() {
		return new TaskTimeoutException(task(), "Task '" + task() + "' did not answer within its timeout");
	}

	boolean isDone() {
		return this.future.isDone();
	}

	/** Completes the call with an answer already bound to the caller's type. */
	void completeBound(Object bound) {
		if (this.future.complete(bound)) {
			cancelTimer();
		}
	}

	/**
	 * Completes the call with the peer's answer, converted to the caller's type; a
	 * conversion that fails fails the call with what it threw.
	 */
	void complete(Object result) {
		Object converted;
		try {
			converted = (this.resultMapping != null) ? this.resultMapping.apply(task(), result) : result;
		}
		catch (RuntimeException ex) {
			if (this.future.completeExceptionally(ex)) {
				cancelTimer();
			}
			return;
		}
		if (this.future.complete(converted)) {
			cancelTimer();
		}
	}

	void fail(PatioException error) {
		if (this.future.completeExceptionally(error)) {
			cancelTimer();
		}
	}

	private void cancelTimer() {
		CallTimer.Timeout current = this.timer;
		if (current != null) {
			current.cancel();
		}
	}

}
