package io.patio.executor;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.patio.registry.Registry;
import io.patio.registry.TaskDefinition;

/**
 * Runs tasks that return a {@link java.util.concurrent.CompletionStage} without a thread
 * each, like the Python original's {@code AsyncExecutor}: at most {@code maxWorkers}
 * stages in flight, then a bounded queue, then rejection. A task is invoked on the thread
 * that submits the call (or that completes the previous one), so it must return its stage
 * without blocking.
 * <p>
 * It refuses to start when the registry holds tasks that return plain values.
 */
public final class AsyncPatioExecutor extends AbstractPatioExecutor {

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger queued = new AtomicInteger();

	private final ConcurrentLinkedQueue<PatioCall> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger drainRequests = new AtomicInteger();

	public AsyncPatioExecutor(Registry registry) {
		this(registry, DEFAULT_MAX_WORKERS, DEFAULT_QUEUE_CAPACITY);
	}

	public AsyncPatioExecutor(Registry registry, int maxWorkers, int queueCapacity) {
		super(registry, maxWorkers, queueCapacity);
	}

	@Override
	public String getType() {
		return "async";
	}

	@Override
	protected void validate(Registry registry) {
		List<String> blocking = registry.asMap()
			.values()
			.stream()
			.filter((task) -> !task.isAsync())
			.map(TaskDefinition::describe)
			.sorted()
			.collect(Collectors.toList());
		if (!blocking.isEmpty()) {
			throw new IllegalStateException("The async executor runs only tasks that return a CompletionStage, but "
					+ blocking.size() + " task(s) return plain values: " + String.join(", ", blocking)
					+ ". Make them return CompletionStage, or use the thread-pool executor"
					+ " (patio.executor.type=thread-pool)");
		}
	}

	@Override
	protected void submit(PatioCall call) {
		if (tryAcquire()) {
			start(call);
			return;
		}
		if (this.queued.incrementAndGet() > getQueueCapacity()) {
			this.queued.decrementAndGet();
			throw saturated(call);
		}
		this.queue.offer(call);
		// A slot may have been freed between the failed acquire and the offer.
		drain();
	}

	private void start(PatioCall call) {
		call.whenComplete((value, error) -> release());
		if (!call.isDone()) {
			call.runAsync();
		}
	}

	private boolean tryAcquire() {
		int current;
		do {
			current = this.running.get();
			if (current >= getMaxWorkers()) {
				return false;
			}
		}
		while (!this.running.compareAndSet(current, current + 1));
		return true;
	}

	private void release() {
		this.running.decrementAndGet();
		drain();
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
				start(next);
			}
			missed = this.drainRequests.addAndGet(-missed);
		}
		while (missed != 0);
	}

	@Override
	protected void expireOverdue(long now) {
		for (PatioCall call : this.queue) {
			if (call.isOverdue(now)) {
				call.expire();
			}
		}
	}

	@Override
	protected boolean isIdle() {
		return this.running.get() == 0 && this.queued.get() == 0;
	}

	@Override
	public long getPendingCount() {
		return (long) this.running.get() + this.queued.get();
	}

	@Override
	protected void failPending() {
		PatioCall call;
		while ((call = this.queue.poll()) != null) {
			this.queued.decrementAndGet();
			call.abandon();
		}
	}

	@Override
	public ExecutorStats getStats() {
		return new ExecutorStats(getType(), getMaxWorkers(), this.running.get(), this.queued.get(), getQueueCapacity(),
				completedCount(), failedCount(), rejectedCount(), isShutdown());
	}

}
