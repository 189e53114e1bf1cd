package io.patio.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.patio.registry.Registry;

/**
 * Runs tasks on {@code maxWorkers} threads with a bounded queue, like the Python
 * original's {@code ThreadPoolExecutor}. It runs any task; one that returns a
 * {@link java.util.concurrent.CompletionStage} completes when its stage does. A call that
 * finds every worker busy and the queue full is rejected.
 */
public final class ThreadPoolPatioExecutor extends AbstractPatioExecutor {

	private static final AtomicInteger POOLS = new AtomicInteger();

	private final ThreadPoolExecutor pool;

	private final List<PatioWorker> workers = new ArrayList<>();

	/**
	 * Set before the pool interrupts every worker for good; a worker then keeps its
	 * interrupt.
	 */
	private volatile boolean stoppingNow;

	/**
	 * Whether tasks declared inline run on the delivering thread (see
	 * {@link #onWorkersOnly}).
	 */
	private boolean honoursInline = true;

	public ThreadPoolPatioExecutor(Registry registry) {
		this(registry, DEFAULT_MAX_WORKERS, DEFAULT_QUEUE_CAPACITY);
	}

	public ThreadPoolPatioExecutor(Registry registry, int maxWorkers) {
		this(registry, maxWorkers, DEFAULT_QUEUE_CAPACITY);
	}

	public ThreadPoolPatioExecutor(Registry registry, int maxWorkers, int queueCapacity) {
		super(registry, maxWorkers, queueCapacity);
		BlockingQueue<Runnable> queue = (queueCapacity > 0) ? new ArrayBlockingQueue<>(queueCapacity)
				: new SynchronousQueue<>();
		this.pool = new ThreadPoolExecutor(maxWorkers, maxWorkers, 0, TimeUnit.MILLISECONDS, queue,
				workerFactory("patio-worker-" + POOLS.incrementAndGet() + "-"), new ThreadPoolExecutor.AbortPolicy()) {
			@Override
			protected void beforeExecute(Thread thread, Runnable call) {
				((PatioWorker) thread).begin((PatioCall) call);
			}

		};
	}

	/**
	 * A pool that runs every task on its workers, even one declared
	 * {@link io.patio.registry.PatioTask#inline() inline}: for a process-pool worker,
	 * whose calls arrive on its one link to the parent, which an inline task would hold
	 * up, and where the process pool promises that its tasks run on worker threads.
	 */
	public static ThreadPoolPatioExecutor onWorkersOnly(Registry registry, int maxWorkers) {
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, maxWorkers);
		executor.honoursInline = false;
		return executor;
	}

	@Override
	protected boolean runsInline() {
		return this.honoursInline;
	}

	@Override
	public String getType() {
		return "thread-pool";
	}

	/**
	 * A call that comes encoded is decoded by the worker that runs it, not by the thread
	 * that delivered it.
	 */
	@Override
	protected boolean decodesOnWorkers() {
		return true;
	}

	@Override
	protected void submit(PatioCall call) {
		try {
			this.pool.execute(call);
		}
		catch (RejectedExecutionException ex) {
			throw (this.pool.isShutdown()) ? new io.patio.RejectedCallException(call.getTask().getName(),
					"The thread-pool executor is shutting down; task '" + call.getTask().getName() + "' was not run")
					: saturated(call);
		}
	}

	/**
	 * A call finished on one of this executor's workers (its own, or another call's whose
	 * stage it completed) is counted by that worker: no shared counter is written.
	 */
	@Override
	protected void count(PatioCall call, boolean success) {
		if (Thread.currentThread() instanceof PatioWorker worker && worker.executor == this) {
			worker.count(call.getTask().getIndex(), success);
		}
		else {
			super.count(call, success);
		}
	}

	@Override
	protected long countedByWorkers(int taskIndex, boolean success) {
		long sum = 0;
		synchronized (this.workers) {
			for (PatioWorker worker : this.workers) {
				sum += worker.counted(taskIndex, success);
			}
		}
		return sum;
	}

	@Override
	protected void interrupt(PatioCall call) {
		if (call.awaitingStage) {
			return; // its task returned; no thread runs it any more
		}
		synchronized (this.workers) {
			for (PatioWorker worker : this.workers) {
				worker.interruptIfRunning(call);
			}
		}
	}

	@Override
	protected void expireOverdue(long now) {
		if (!this.pool.getQueue().isEmpty()) {
			for (Object queued : this.pool.getQueue().toArray()) {
				PatioCall call = (PatioCall) queued;
				if (call.isOverdue(now)) {
					call.expire();
				}
			}
		}
		synchronized (this.workers) {
			for (PatioWorker worker : this.workers) {
				PatioCall current = worker.current();
				if (current != null) {
					if (current.isOverdue(now)) {
						current.expire();
					}
					if (current.isDone()) {
						// a worker keeps its last call until its next one: let an idle
						// one go
						worker.forget(current);
					}
				}
			}
		}
	}

	@Override
	protected boolean isIdle() {
		return this.pool.isTerminated() && awaitingStageCount() == 0;
	}

	@Override
	public long getPendingCount() {
		return (long) this.pool.getQueue().size() + this.pool.getActiveCount() + awaitingStageCount();
	}

	@Override
	protected void stopAccepting() {
		this.pool.shutdown();
	}

	@Override
	protected void failPending() {
		// Fail the calls before interrupting the workers, so that a call fails as shut
		// down
		// rather than with the InterruptedException its task may throw.
		List<Runnable> queued = new ArrayList<>();
		this.pool.getQueue().drainTo(queued);
		for (Runnable call : queued) {
			((PatioCall) call).abandon();
		}
		synchronized (this.workers) {
			for (PatioWorker worker : this.workers) {
				PatioCall current = worker.current();
				if (current != null) {
					current.abandon();
				}
			}
		}
		this.stoppingNow = true;
		for (Runnable call : this.pool.shutdownNow()) {
			((PatioCall) call).abandon();
		}
	}

	@Override
	protected void terminate() {
		this.stoppingNow = true;
		this.pool.shutdownNow();
	}

	@Override
	public ExecutorStats getStats() {
		return new ExecutorStats(getType(), getMaxWorkers(), this.pool.getActiveCount(), this.pool.getQueue().size(),
				getQueueCapacity(), completedCount(), failedCount(), rejectedCount(), isShutdown());
	}

	private ThreadFactory workerFactory(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			PatioWorker worker = new PatioWorker(this, runnable, prefix + count.incrementAndGet());
			synchronized (this.workers) {
				this.workers.add(worker);
			}
			return worker;
		};
	}

	/**
	 * A worker thread that knows which call it runs, so that a timeout can interrupt it
	 * and shutdown can fail it: see {@link CallSlot} for the interrupt protocol, which
	 * costs the worker one compare-and-set per call.
	 */
	private static final class PatioWorker extends Thread {

		private static final java.lang.invoke.VarHandle COUNTS = java.lang.invoke.MethodHandles
			.arrayElementVarHandle(long[].class);

		private final CallSlot slot = new CallSlot() {
			@Override
			protected void interruptRunner() {
				PatioWorker.this.interrupt();
			}
		};

		/**
		 * Publishes the call; waits while a timeout interrupts this thread for its
		 * previous call, and clears that interrupt.
		 */
		void begin(PatioCall call) {
			if (this.slot.begin(call) && this.executor.stoppingNow) {
				interrupt(); // the pool's own interrupt may have been the one just
								// cleared
			}
		}

		/**
		 * Lets a finished call go, unless this thread has moved on or is being
		 * interrupted.
		 */
		void forget(PatioCall call) {
			this.slot.forget(call);
		}

		/**
		 * Interrupts this thread if it still runs {@code call}; not when it is this
		 * thread, which is already returning from the call (it expired as it was about to
		 * start).
		 */
		void interruptIfRunning(PatioCall call) {
			if (this != Thread.currentThread()) {
				this.slot.interruptIfRunning(call);
			}
		}

		/**
		 * The call this thread runs or last ran, or {@code null}; it may be done already.
		 */
		PatioCall current() {
			return this.slot.current();
		}

		/**
		 * The tasks' finished calls this thread counted, by task index: completed at
		 * {@code 2 * index}, failed at {@code 2 * index + 1}. Only this thread writes
		 * them; opaque writes and reads keep each value whole without a fence.
		 */
		private volatile long[] counts = new long[0];

		final ThreadPoolPatioExecutor executor;

		void count(int taskIndex, boolean success) {
			int slot = 2 * taskIndex + (success ? 0 : 1);
			long[] counts = this.counts;
			if (slot >= counts.length) {
				counts = java.util.Arrays.copyOf(counts, slot + 2);
				this.counts = counts;
			}
			COUNTS.setOpaque(counts, slot, (long) COUNTS.getOpaque(counts, slot) + 1);
		}

		long counted(int taskIndex, boolean success) {
			int slot = 2 * taskIndex + (success ? 0 : 1);
			long[] counts = this.counts;
			return (slot < counts.length) ? (long) COUNTS.getOpaque(counts, slot) : 0L;
		}

		PatioWorker(ThreadPoolPatioExecutor executor, Runnable runnable, String name) {
			super(runnable, name);
			this.executor = executor;
			setDaemon(false);
		}

	}

}
