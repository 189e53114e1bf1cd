package io.patio.executor;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;

import io.patio.call.CallTimer;
import io.patio.registry.Registry;
import io.patio.registry.TaskDefinition;

/**
 * Runs tasks that return a {@link java.util.concurrent.CompletionStage} without a thread
 * each, like the Python original's {@code AsyncExecutor}: at most {@code maxWorkers}
 * stages in flight, then a bounded queue, then rejection. A task is invoked on the thread
 * that submits the call (or that completes the previous one; when a timeout ended that
 * one, a thread of the common fork-join pool, never the timer's), so it must return its
 * stage without blocking.
 * <p>
 * It refuses to start when the registry holds tasks that return plain values.
 */
public final class AsyncPatioExecutor extends AbstractPatioExecutor {

	private final BoundedAdmission admission;

	public AsyncPatioExecutor(Registry registry) {
		this(registry, DEFAULT_MAX_WORKERS, DEFAULT_QUEUE_CAPACITY);
	}

	public AsyncPatioExecutor(Registry registry, int maxWorkers, int queueCapacity) {
		super(registry, maxWorkers, queueCapacity);
		this.admission = new BoundedAdmission(maxWorkers, queueCapacity, this::start);
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

	/**
	 * Never: every task is invoked on the thread that submits its call already, under
	 * this executor's admission.
	 */
	@Override
	protected boolean runsInline() {
		return false;
	}

	@Override
	protected void submit(PatioCall call) {
		if (!this.admission.admit(call)) {
			throw saturated(call);
		}
	}

	private void start(PatioCall call) {
		call.whenComplete((value, error) -> {
			if (CallTimer.isTimerThread()) {
				// a timeout ended it: what its slot starts must not run on the timer,
				// which every timeout of the JVM waits for
				ForkJoinPool.commonPool().execute(this.admission::release);
			}
			else {
				this.admission.release();
			}
		});
		if (!call.isDone()) {
			call.runAsync();
		}
	}

	@Override
	protected void expireOverdue(long now) {
		this.admission.expireOverdue(now);
	}

	@Override
	protected boolean isIdle() {
		return this.admission.running() == 0 && this.admission.queued() == 0;
	}

	@Override
	public long getPendingCount() {
		return (long) this.admission.running() + this.admission.queued();
	}

	@Override
	protected void failPending() {
		this.admission.abandonQueued();
	}

	@Override
	public ExecutorStats getStats() {
		return new ExecutorStats(getType(), getMaxWorkers(), this.admission.running(), this.admission.queued(),
				getQueueCapacity(), completedCount(), failedCount(), rejectedCount(), isShutdown());
	}

}
