package io.patio.executor;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * At most {@code maxRunning} calls started and not yet released, then a bounded queue in
 * arrival order, then rejection: the admission of the executors that start a call without
 * a pool of their own (the async executor and the virtual-threads executor). Whoever
 * releases a slot starts the next queued call through {@code starter}; only one thread
 * drains at a time.
 */
final class BoundedAdmission {

	private final int maxRunning;

	private final int queueCapacity;

	private final Consumer<PatioCall> starter;

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger queued = new AtomicInteger();

	private final ConcurrentLinkedQueue<PatioCall> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger drainRequests = new AtomicInteger();

	BoundedAdmission(int maxRunning, int queueCapacity, Consumer<PatioCall> starter) {
		this.maxRunning = maxRunning;
		this.queueCapacity = queueCapacity;
		this.starter = starter;
	}

	/**
	 * Starts the call, or queues it when every slot is taken.
	 * @return {@code false} when the queue is full too: the caller rejects the call
	 */
	boolean admit(PatioCall call) {
		if (tryAcquire()) {
			this.starter.accept(call);
			return true;
		}
		if (this.queued.incrementAndGet() > this.queueCapacity) {
			this.queued.decrementAndGet();
			return false;
		}
		this.queue.offer(call);
		// A slot may have been freed between the failed acquire and the offer.
		drain();
		return true;
	}

	/** Frees the slot of a started call, and starts queued calls while slots are free. */
	void release() {
		this.running.decrementAndGet();
		drain();
	}

	private boolean tryAcquire() {
		int current;
		do {
			current = this.running.get();
			if (current >= this.maxRunning) {
				return false;
			}
		}
		while (!this.running.compareAndSet(current, current + 1));
		return true;
	}

	/**
	 * Starts queued calls while slots are free. Only one thread drains at a time; a call
	 * that completes inside the loop asks for another round instead of recursing.
	 */
	private void drain() {
		if (this.drainRequests.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			while (!this.queue.isEmpty() && tryAcquire()) {
				PatioCall next = this.queue.poll();
				if (next == null) {
					this.running.decrementAndGet();
					continue;
				}
				this.queued.decrementAndGet();
				this.starter.accept(next);
			}
			missed = this.drainRequests.addAndGet(-missed);
		}
		while (missed != 0);
	}

	/** Fails, with a timeout, the queued calls that are overdue at {@code now}. */
	void expireOverdue(long now) {
		for (PatioCall call : this.queue) {
			if (call.isOverdue(now)) {
				call.expire();
			}
		}
	}

	/** Fails every queued call as shut down, and empties the queue. */
	void abandonQueued() {
		PatioCall call;
		while ((call = this.queue.poll()) != null) {
			this.queued.decrementAndGet();
			call.abandon();
		}
	}

	/** Calls started and not yet released. */
	int running() {
		return this.running.get();
	}

	/** Calls waiting for a slot. */
	int queued() {
		return this.queued.get();
	}

}
