package io.patio.broker.tcp;

import java.util.concurrent.CompletableFuture;

import io.patio.NoPeerException;
import io.patio.PatioException;
import io.patio.TaskTimeoutException;
import io.patio.call.CallRequest;
import io.patio.call.CallTimer;

/**
 * A call this broker sends to a peer: waiting for a peer, then in flight on one
 * connection under one serial. Its future completes exactly once, with the answer, a
 * timeout, or a lost connection.
 */
final class OutboundCall {

	final CallRequest request;

	final CompletableFuture<Object> future = new CompletableFuture<>();

	private volatile CallTimer.Timeout timer;

	/** The connection the call went out on, or {@code null} while it waits for a peer. */
	volatile TcpConnection connection;

	volatile long serial;

	volatile PeerGroup waitingIn;

	OutboundCall(CallRequest request) {
		// The budget covers waiting for a peer and the wire: its clock starts now.
		this.request = request.startClock();
	}

	String task() {
		return this.request.task();
	}

	/** Starts the budget's clock. */
	void startTimer() {
		if (this.request.hasDeadline()) {
			this.timer = CallTimer.schedule(this::expire, this.request.remainingNanos());
		}
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
			sentOn.forget(this);
			fail(new TaskTimeoutException(task(), "Task '" + task() + "' did not answer within its timeout"));
		}
	}

	boolean isDone() {
		return this.future.isDone();
	}

	void complete(Object result) {
		if (this.future.complete(result)) {
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
