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
 * Runs tasks on {@code maxWorkers} threads with a bounded queue, like the Python original's
 * {@code ThreadPoolExecutor}. It runs any task; one that returns a
 * {@link java.util.concurrent.CompletionStage} completes when its stage does. A call that
 * finds every worker busy and the queue full is rejected.
 */
public final class ThreadPoolPatioExecutor extends AbstractPatioExecutor {

	private static final AtomicInteger POOLS = new AtomicInteger();

	private final ThreadPoolExecutor pool;

	private final List<PatioWorker> workers = new ArrayList<>();

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

			@Override
			protected void afterExecute(Runnable call, Throwable error) {
				((PatioWorker) Thread.currentThread()).end((PatioCall) call);
			}
		};
	}

	@Override
	public String getType() {
		return "thread-pool";
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

	@Override
	protected void interrupt(PatioCall call) {
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
				if (current != null && current.isOverdue(now)) {
					current.expire();
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
		// Fail the calls before interrupting the workers, so that a call fails as shut down
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
		for (Runnable call : this.pool.shutdownNow()) {
			((PatioCall) call).abandon();
		}
	}

	@Override
	protected void terminate() {
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
			PatioWorker worker = new PatioWorker(runnable, prefix + count.incrementAndGet());
			synchronized (this.workers) {
				this.workers.add(worker);
			}
			return worker;
		};
	}

	/** A worker thread that knows which call it is running, so that shutdown can fail it. */
	private static final class PatioWorker extends Thread {

		private static final java.lang.invoke.VarHandle CURRENT;

		static {
			try {
				CURRENT = java.lang.invoke.MethodHandles.lookup().findVarHandle(PatioWorker.class, "current",
						PatioCall.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		/** Stands in {@link #current} while a timeout interrupts this thread. */
		private static final PatioCall INTERRUPTING = new PatioCall(null, null, null, 0L, false, 0L, null, null);

		/**
		 * The call this thread runs, or null. It is all the state the interrupt protocol needs,
		 * kept here rather than in the call, whose cache line the caller may be writing
		 * (attaching callbacks) while this thread runs it.
		 */
		@SuppressWarnings("unused")
		private volatile PatioCall current;

		/** Publishes the call with a full fence; the call checks whether it is done after this. */
		void begin(PatioCall call) {
			this.current = call;
		}

		/**
		 * Withdraws the call. When a timeout is interrupting this thread for it, waits for the
		 * interrupt to be sent and clears it, so that it never reaches the next call.
		 */
		void end(PatioCall call) {
			if (!CURRENT.compareAndSet(this, call, null)) {
				while (this.current == INTERRUPTING) {
					Thread.onSpinWait();
				}
				Thread.interrupted();
			}
		}

		/** Interrupts this thread if it still runs {@code call}. */
		void interruptIfRunning(PatioCall call) {
			if (CURRENT.compareAndSet(this, call, INTERRUPTING)) {
				try {
					interrupt();
				}
				finally {
					this.current = null;
				}
			}
		}

		PatioCall current() {
			PatioCall call = this.current;
			return (call != INTERRUPTING) ? call : null;
		}

		PatioWorker(Runnable runnable, String name) {
			super(runnable, name);
			setDaemon(false);
		}


	}

}
