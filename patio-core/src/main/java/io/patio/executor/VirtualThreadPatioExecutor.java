package io.patio.executor;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.patio.RejectedCallException;
import io.patio.registry.Registry;

/**
 * Runs each call on a virtual thread of its own (Java 21 and later): a task that blocks
 * parks its virtual thread, not a carrier thread, so many blocking calls can be in flight
 * on few platform threads. At most {@code maxWorkers} calls run at once (10,000 by
 * default), then up to {@code queueCapacity} wait in arrival order, then a call is
 * rejected, as with the thread-pool executor. A timeout or shutdown fails the call and
 * interrupts its thread; a task that returns a
 * {@link java.util.concurrent.CompletionStage} completes when its stage does, and frees
 * its place as soon as it returns.
 * <p>
 * The library is built for Java 17, so the virtual threads are made through
 * {@code Thread.ofVirtual()}, looked up reflectively once per executor. On Java 17 the
 * constructor throws {@link VirtualThreadsUnavailableException}.
 */
public final class VirtualThreadPatioExecutor extends AbstractPatioExecutor {

	/** The default bound on calls running at once. */
	public static final int DEFAULT_MAX_CONCURRENCY = 10_000;

	private static final AtomicInteger EXECUTORS = new AtomicInteger();

	private final ThreadFactory threads;

	private final BoundedAdmission admission;

	/**
	 * The calls whose threads have been started and have not returned from the task yet:
	 * what a timeout interrupts and the sweep looks at.
	 */
	private final RunningCalls running = new RunningCalls();

	/** Set when shutdown begins; a call that races it is rejected. */
	private volatile boolean stopping;

	public VirtualThreadPatioExecutor(Registry registry) {
		this(registry, DEFAULT_MAX_CONCURRENCY, DEFAULT_QUEUE_CAPACITY);
	}

	/**
	 * An executor that runs up to {@code maxConcurrency} calls at once, each on a virtual
	 * thread of its own, and queues up to {@code queueCapacity} more.
	 * @throws VirtualThreadsUnavailableException before Java 21
	 */
	public VirtualThreadPatioExecutor(Registry registry, int maxConcurrency, int queueCapacity) {
		super(registry, maxConcurrency, queueCapacity);
		this.threads = virtualThreadFactory("patio-virtual-" + EXECUTORS.incrementAndGet() + "-");
		this.admission = new BoundedAdmission(maxConcurrency, queueCapacity, this::start);
	}

	/** Whether this JVM has virtual threads (Java 21 or later). */
	public static boolean isSupported() {
		return Runtime.version().feature() >= VirtualThreadsUnavailableException.REQUIRED_JAVA_VERSION;
	}

	/**
	 * {@code Thread.ofVirtual().name(prefix, 1).factory()}, called reflectively so that
	 * this class compiles and loads on Java 17.
	 */
	private static ThreadFactory virtualThreadFactory(String prefix) {
		int feature = Runtime.version().feature();
		if (!isSupported()) {
			throw new VirtualThreadsUnavailableException(feature, null);
		}
		try {
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
			return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
		}
		catch (InvocationTargetException ex) {
			throw new VirtualThreadsUnavailableException(feature, ex.getCause());
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new VirtualThreadsUnavailableException(feature, ex);
		}
	}

	@Override
	public String getType() {
		return "virtual-threads";
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
		if (this.stopping) {
			throw new RejectedCallException(call.getTask().getName(),
					"The virtual-threads executor is shutting down; task '" + call.getTask().getName()
							+ "' was not run");
		}
		if (!this.admission.admit(call)) {
			throw saturated(call);
		}
	}

	/**
	 * Starts a thread for an admitted call. The call is published with its thread before
	 * the thread starts, and the thread checks whether the call is done before it runs
	 * the task: a timeout that completes the call either stops it there or finds its
	 * thread to interrupt.
	 */
	private void start(PatioCall call) {
		Thread thread;
		try {
			thread = this.threads.newThread(() -> runOnThisThread(call));
			this.running.publish(call, thread);
			thread.start();
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			this.running.remove(call);
			this.admission.release();
			reject(call,
					new RejectedCallException(call.getTask().getName(),
							"The virtual-threads executor could not start a thread for task '"
									+ call.getTask().getName() + "': " + ex,
							ex));
		}
	}

	private void runOnThisThread(PatioCall call) {
		try {
			call.run();
		}
		finally {
			this.running.remove(call);
			this.admission.release();
		}
	}

	@Override
	protected void interrupt(PatioCall call) {
		if (call.awaitingStage) {
			return; // its task returned; no thread runs it any more
		}
		this.running.interruptIfRunning(call);
	}

	@Override
	protected void expireOverdue(long now) {
		this.admission.expireOverdue(now);
		for (PatioCall call : this.running.calls()) {
			if (call.isOverdue(now)) {
				call.expire();
			}
		}
	}

	@Override
	protected boolean isIdle() {
		return this.admission.running() == 0 && this.admission.queued() == 0 && awaitingStageCount() == 0;
	}

	@Override
	public long getPendingCount() {
		return (long) this.admission.running() + this.admission.queued() + awaitingStageCount();
	}

	@Override
	protected void stopAccepting() {
		this.stopping = true;
	}

	@Override
	protected void failPending() {
		// Fail the calls before interrupting their threads, so that a call fails as shut
		// down rather than with the InterruptedException its task may throw.
		this.admission.abandonQueued();
		for (PatioCall call : this.running.calls()) {
			call.abandon();
		}
	}

	@Override
	protected void terminate() {
		for (Thread thread : this.running.threads()) {
			thread.interrupt();
		}
	}

	@Override
	public ExecutorStats getStats() {
		return new ExecutorStats(getType(), getMaxWorkers(), this.admission.running(), this.admission.queued(),
				getQueueCapacity(), completedCount(), failedCount(), rejectedCount(), isShutdown());
	}

}
