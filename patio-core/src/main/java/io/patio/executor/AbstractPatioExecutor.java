package io.patio.executor;

import io.patio.call.CallRequest;
import io.patio.call.PeriodicTask;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.patio.InvalidOptionException;
import io.patio.PatioException;
import io.patio.RejectedCallException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.registry.Registry;
import io.patio.serializer.ArgumentTypes;
import io.patio.registry.TaskDefinition;
import org.jspecify.annotations.Nullable;

// Longer than 400 lines because it is the scaffolding every executor shares, each part a
// few short methods that subclasses hook into: admission and binding, the deadline sweep,
// counters, interception and the shutdown protocol. Moving one out would widen the
// protected hooks that tie them together.
/**
 * What the bounded executors share: resolving and binding a call, its timeout, the
 * counters, and a shutdown that drains and then fails whatever is left.
 * <p>
 * Longer than most classes here, on purpose: it is the one life of a call that every
 * executor shares (acceptance, interception, the timeout sweep, counting, draining), so
 * that no executor re-implements a piece of it.
 */
public abstract class AbstractPatioExecutor implements PatioExecutor, InterceptableExecutor {

	/** The default number of workers, as in the Python original. */
	public static final int DEFAULT_MAX_WORKERS = 4;

	/** The default number of calls that may wait for a worker. */
	public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

	private final Registry registry;

	private final int maxWorkers;

	private final int queueCapacity;

	/**
	 * Calls that failed before any task ran: unknown task, bad arguments, expired on
	 * arrival.
	 */
	private final LongAdder failedUnrun = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	/** How often overdue calls are looked for. */
	private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(CallRequest.SWEEP_MILLIS);

	/**
	 * Finished calls per task, indexed by {@link TaskDefinition#getIndex()}: one adder
	 * increment per call, no lookup by name. The executor's totals are their sums.
	 */
	private volatile TaskCounters[] taskCounters = new TaskCounters[0];

	/** Calls whose task returned a stage that has not completed yet. */
	private final Set<PatioCall> awaitingStages = ConcurrentHashMap.newKeySet();

	/**
	 * {@link #run}, made once so that a call through an interceptor allocates no lambda
	 * for it.
	 */
	private final Function<CallRequest, CompletableFuture<Object>> runner = this::run;

	private volatile ExecutionInterceptor executionInterceptor;

	/** Whether calls are forwarded as requests rather than bound and run here. */
	private final boolean forwards;

	private volatile boolean started;

	private volatile boolean shutdown;

	private volatile boolean terminated;

	/**
	 * Fails overdue calls every 10 ms; it survives whatever is thrown in it or at its
	 * timer.
	 */
	private final PeriodicTask sweep = new PeriodicTask(
			"timeout sweep of " + getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this)),
			PeriodicTask.callTimer(), SWEEP_NANOS, this::sweep);

	protected AbstractPatioExecutor(Registry registry, int maxWorkers, int queueCapacity) {
		this(registry, maxWorkers, queueCapacity, false);
	}

	/**
	 * @param forwards whether this executor forwards its calls to workers elsewhere:
	 * {@link ForwardingPatioExecutor}
	 */
	AbstractPatioExecutor(Registry registry, int maxWorkers, int queueCapacity, boolean forwards) {
		this.forwards = forwards;
		this.registry = Objects.requireNonNull(registry, "registry");
		if (maxWorkers < 1) {
			throw new InvalidOptionException("max-workers", "max-workers must be at least 1, not " + maxWorkers);
		}
		if (queueCapacity < 0) {
			throw new InvalidOptionException("queue-capacity",
					"queue-capacity must be 0 (no queue) or more, not " + queueCapacity);
		}
		this.maxWorkers = maxWorkers;
		this.queueCapacity = queueCapacity;
	}

	@Override
	public Registry getRegistry() {
		return this.registry;
	}

	@Override
	public int getMaxWorkers() {
		return this.maxWorkers;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	@Override
	public synchronized void start() {
		if (!this.started) {
			validate(this.registry);
			this.started = true;
			scheduleSweep();
		}
	}

	/** Checks that every task of the registry can run here. */
	protected void validate(Registry registry) {
	}

	@Override
	public Set<String> getTaskNames() {
		return this.registry.asMap().keySet();
	}

	/**
	 * Wraps every call this executor accepts from now on, e.g. to observe it or to
	 * continue the caller's trace from the request's headers; {@code null} removes it.
	 * Set it before the executor starts.
	 */
	@Override
	public void setExecutionInterceptor(@Nullable ExecutionInterceptor executionInterceptor) {
		this.executionInterceptor = executionInterceptor;
	}

	/** The interceptor around this executor's calls, or {@code null}. */
	public @Nullable ExecutionInterceptor getExecutionInterceptor() {
		return this.executionInterceptor;
	}

	@Override
	public final CompletableFuture<Object> execute(CallRequest request) {
		return execute(request, null);
	}

	@Override
	public final CompletableFuture<Object> execute(CallRequest request,
			BiFunction<String, Object, Object> resultMapping) {
		if (!this.started) {
			start();
		}
		ExecutionInterceptor interceptor = this.executionInterceptor;
		if (interceptor == null) {
			return run(request, resultMapping);
		}
		return interceptor.intercept(request, this,
				(resultMapping != null) ? (intercepted) -> run(intercepted, resultMapping) : this.runner);
	}

	/**
	 * A local call with no execution interceptor goes in without a {@link CallRequest}:
	 * the same checks as {@link #execute(CallRequest, BiFunction)}, one allocation less.
	 */
	@Override
	public final CompletableFuture<Object> execute(String taskName, Object[] args, Duration timeout,
			BiFunction<String, Object, Object> resultMapping) {
		if (!this.started) {
			start();
		}
		if (this.executionInterceptor != null || this.shutdown || this.forwards) {
			return execute(CallRequest.of(taskName, args, null, timeout, null), resultMapping);
		}
		boolean hasDeadline = timeout != null && !timeout.isZero() && !timeout.isNegative();
		long budget = hasDeadline ? CallRequest.budgetNanos(timeout) : 0L;
		boolean lazy = hasDeadline && CallRequest.isLazy(budget);
		PatioCall call;
		try {
			call = bind(taskName, args, null, null, (hasDeadline && !lazy) ? System.nanoTime() + budget : 0L,
					hasDeadline, lazy ? budget : 0L, resultMapping);
		}
		catch (PatioException ex) {
			this.failedUnrun.increment();
			return CompletableFuture.failedFuture(ex);
		}
		return accept(call);
	}

	/**
	 * A call that came encoded is accepted as it is, when this executor
	 * {@link #decodesOnWorkers() decodes on its workers}, has no interceptor (which sees
	 * each call whole as it arrives) and knows the task, unless the task runs inline or
	 * less than a millisecond of its budget is left: the worker that runs it decodes it
	 * and binds its arguments. Its deadline is set here, so the sweep times it out in the
	 * queue like any other call. Otherwise it is decoded here.
	 */
	@Override
	public final CompletableFuture<Object> execute(String taskName, Duration budget,
			java.util.function.Supplier<io.patio.serializer.CallPayload> decoder) {
		if (!this.started) {
			start();
		}
		TaskDefinition task = (decodesOnWorkers() && this.executionInterceptor == null && !this.shutdown
				&& !this.forwards && taskName != null) ? this.registry.asMap().get(taskName) : null;
		long budgetNanos = (budget != null) ? CallRequest.budgetNanos(budget) : 0L;
		if (task == null || (task.isInline() && runsInline())
				|| (budget != null && budgetNanos < DECODED_ON_ARRIVAL_NANOS)) {
			return EncodedCalls.decodeAndExecute(this, taskName, budget, decoder);
		}
		// its budget counts from here, wherever it is decoded
		return accept(new PatioCall(this, task, decoder, budget, System.nanoTime() + budgetNanos, countersOf(task)));
	}

	/**
	 * A call with less than this much of its budget left is decoded on arrival: one that
	 * is (all but) used up then fails at once, uncounted by its task, as always.
	 */
	private static final long DECODED_ON_ARRIVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/**
	 * Whether this executor's workers may decode the calls that come encoded
	 * ({@link #execute(String, Duration, java.util.function.Supplier)}): executors whose
	 * calls run with {@link PatioCall#run()} on threads of their own; not by default.
	 */
	protected boolean decodesOnWorkers() {
		return false;
	}

	/** Counts a call that failed before its task ran (unknown task, bad arguments). */
	void countFailedUnrun() {
		this.failedUnrun.increment();
	}

	/**
	 * Resolves the task and binds its arguments into a call not yet submitted.
	 * @throws PatioException when the task is unknown or the arguments do not fit
	 */
	private PatioCall bind(String taskName, Object[] args, Map<String, ?> kwargs, Map<String, String> headers,
			long deadline, boolean hasDeadline, long lazyBudget, BiFunction<String, Object, Object> resultMapping) {
		TaskDefinition task = this.registry.resolve(taskName);
		Object[] bound = task.needsCallContext()
				? task.bind(args, kwargs, headers, budgetLeft(deadline, hasDeadline, lazyBudget))
				: task.bind(args, kwargs);
		return new PatioCall(this, task, bound, deadline, hasDeadline, lazyBudget, countersOf(task), resultMapping);
	}

	/**
	 * What a call's budget has left, for a task's {@code @Timeout Duration} parameter;
	 * {@code null} when it has none.
	 */
	private static Duration budgetLeft(long deadline, boolean hasDeadline, long lazyBudget) {
		if (!hasDeadline) {
			return null;
		}
		return Duration.ofNanos((lazyBudget > 0) ? lazyBudget : Math.max(0L, deadline - System.nanoTime()));
	}

	private CompletableFuture<Object> run(CallRequest request) {
		return run(request, null);
	}

	private CompletableFuture<Object> run(CallRequest request, BiFunction<String, Object, Object> resultMapping) {
		if (this.shutdown) {
			this.rejected.increment();
			return CompletableFuture.failedFuture(new ShuttingDownException(request.task(),
					"The " + getType() + " executor is shutting down; task '" + request.task() + "' was not run"));
		}
		PatioCall call;
		try {
			if (this.forwards) {
				TaskDefinition task = this.registry.resolve(request.task());
				call = new PatioCall(this, task, request.startClock(), countersOf(task), resultMapping);
			}
			else {
				call = bind(request.task(), request.args(), request.kwargs(), request.headers(), request.deadline(),
						request.hasDeadline(), request.lazyBudget(), resultMapping);
			}
		}
		catch (PatioException ex) {
			this.failedUnrun.increment();
			return CompletableFuture.failedFuture(ex);
		}
		if (request.isExpired()) { // never reads the clock for a lazy budget
			this.failedUnrun.increment();
			return CompletableFuture.failedFuture(timeout(request.task()));
		}
		return accept(call);
	}

	private PatioCall accept(PatioCall call) {
		if (call.getTask().isInline() && runsInline()) {
			// on the thread that delivered the call: no hand-off, no wake-up
			call.run();
			return call;
		}
		try {
			submit(call);
		}
		catch (RejectedCallException ex) {
			reject(call, ex);
		}
		return call;
	}

	/**
	 * The registry's argument types when this executor runs the tasks in this JVM; none
	 * when it forwards the calls, as they came, to workers elsewhere.
	 */
	@Override
	public ArgumentTypes argumentTypes() {
		return this.forwards ? ArgumentTypes.NONE : this.registry.argumentTypes();
	}

	/**
	 * Whether this executor runs the tasks declared
	 * {@link io.patio.registry.PatioTask#inline() inline} on the thread that delivers
	 * their calls: executors with worker threads of their own do; one whose tasks run
	 * elsewhere (another process) does not.
	 */
	protected boolean runsInline() {
		return !this.forwards;
	}

	/**
	 * Fails an accepted call that no worker can take, counting it as rejected (a
	 * {@link RejectedCallException} thrown by {@link #submit} comes here too).
	 */
	protected final void reject(PatioCall call, PatioException rejection) {
		this.rejected.increment();
		call.reject(rejection);
	}

	/**
	 * Hands an accepted call to the workers.
	 * @throws RejectedCallException when the executor is saturated
	 */
	protected abstract void submit(PatioCall call);

	/** A rejection that says which limit was hit. */
	protected RejectedCallException saturated(PatioCall call) {
		return new RejectedCallException(call.getTask().getName(),
				"The " + getType() + " executor is saturated (" + this.maxWorkers + " workers busy, "
						+ this.queueCapacity + " calls queued); task '" + call.getTask().getName()
						+ "' was rejected. Retry later, or raise patio.executor.max-workers"
						+ " or patio.executor.queue-capacity");
	}

	static TaskTimeoutException timeout(String task) {
		return new TaskTimeoutException(task, "Task '" + task + "' did not finish within its timeout");
	}

	/** Called once per call when it completes, whichever way. */
	void finished(PatioCall call, boolean success, boolean counted) {
		if (counted) {
			count(call, success);
		}
		if (call.awaitingStage) {
			this.awaitingStages.remove(call);
		}
		onFinished(call);
	}

	/**
	 * Counts a call its task finished, one way or the other, in the shared counters. An
	 * executor whose worker threads keep counts of their own overrides it to count there,
	 * and reports those counts through {@link #countedByWorkers}.
	 */
	protected void count(PatioCall call, boolean success) {
		call.counters.add(success);
	}

	/**
	 * The calls of the task with this index that workers counted themselves (see
	 * {@link #count}).
	 */
	protected long countedByWorkers(int taskIndex, boolean success) {
		return 0L;
	}

	private TaskCounters countersOf(TaskDefinition task) {
		TaskCounters[] counters = this.taskCounters;
		int index = task.getIndex();
		if (index < counters.length && counters[index] != null) {
			return counters[index];
		}
		return addCounters(index);
	}

	private synchronized TaskCounters addCounters(int index) {
		TaskCounters[] counters = this.taskCounters;
		if (index >= counters.length) {
			counters = java.util.Arrays.copyOf(counters, Math.max(index + 1, this.registry.asMap().size()));
		}
		else {
			counters = counters.clone();
		}
		if (counters[index] == null) {
			counters[index] = new TaskCounters();
		}
		this.taskCounters = counters;
		return counters[index];
	}

	/*
	 * Timeouts: rather than a timer per call, every 10 ms one sweep fails the calls whose
	 * budget has run out, wherever they are (queued, running, or waiting for their
	 * stage). A call that finishes in time costs nothing here.
	 */
	private void scheduleSweep() {
		// The timer's wheel ticks every 10 ms and runs a task at the first tick past its
		// delay: asked for 10 ms from within a tick, it would run two ticks (20 ms)
		// later; half of it runs at the next tick, one sweep interval from now.
		this.sweep.schedule(SWEEP_NANOS / 2);
	}

	private long sweep() {
		if (this.terminated) {
			return PeriodicTask.STOP;
		}
		long now = System.nanoTime();
		expireOverdue(now);
		for (PatioCall call : this.awaitingStages) {
			if (call.isOverdue(now)) {
				call.expire();
			}
		}
		return SWEEP_NANOS / 2;
	}

	/**
	 * Fails, with a timeout, the queued and running calls that are overdue at
	 * {@code now}.
	 */
	protected abstract void expireOverdue(long now);

	void awaitStage(PatioCall call) {
		this.awaitingStages.add(call);
		if (call.isDone()) {
			this.awaitingStages.remove(call);
		}
	}

	/** Calls that wait for the stage their task returned. */
	protected int awaitingStageCount() {
		return this.awaitingStages.size();
	}

	/**
	 * Interrupts the thread running {@code call}, if one does, after a timeout or
	 * shutdown completed it; only for executors whose tasks run on threads of their own.
	 */
	protected void interrupt(PatioCall call) {
	}

	/** Lets a subclass forget a finished call. */
	protected void onFinished(PatioCall call) {
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public final void shutdown(Duration grace) {
		this.shutdown = true;
		stopAccepting();
		long deadline = System.nanoTime() + Math.max(grace.toNanos(), 0);
		// Draining is rare and bounded by the grace period: polling keeps the hot path
		// free of
		// the bookkeeping a latch would need.
		while (!isIdle() && deadline - System.nanoTime() > 0) {
			if (Thread.currentThread().isInterrupted()) {
				break;
			}
			LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
		}
		if (!isIdle()) {
			abandonPending();
		}
		this.terminated = true;
		this.sweep.cancel();
		terminate();
	}

	/**
	 * Whether, after {@link #stopAccepting()}, every accepted call has finished: nothing
	 * queued, running, or waiting for its stage.
	 */
	protected abstract boolean isIdle();

	/** Stops the workers from taking new work; queued calls may still run. */
	protected void stopAccepting() {
	}

	private void abandonPending() {
		failPending();
		for (PatioCall call : this.awaitingStages) {
			call.abandon();
		}
	}

	/**
	 * Fails every call that is still queued or running on a worker with
	 * {@link ShuttingDownException}; calls waiting for a stage are failed here.
	 */
	protected abstract void failPending();

	/** Releases the workers once every call is done. */
	protected void terminate() {
	}

	protected ShuttingDownException shutDownWhilePending(PatioCall call) {
		return new ShuttingDownException(call.getTask().getName(),
				"The " + getType() + " executor shut down before task '" + call.getTask().getName() + "' finished");
	}

	/** Calls accepted and not yet finished (a snapshot, for statistics). */
	public abstract long getPendingCount();

	protected long completedCount() {
		long sum = 0;
		TaskCounters[] all = this.taskCounters;
		for (int i = 0; i < all.length; i++) {
			if (all[i] != null) {
				sum += all[i].completed.sum() + countedByWorkers(i, true);
			}
		}
		return sum;
	}

	protected long failedCount() {
		long sum = this.failedUnrun.sum();
		TaskCounters[] all = this.taskCounters;
		for (int i = 0; i < all.length; i++) {
			if (all[i] != null) {
				sum += all[i].failed.sum() + countedByWorkers(i, false);
			}
		}
		return sum;
	}

	protected long rejectedCount() {
		return this.rejected.sum();
	}

	@Override
	public Map<String, TaskStats> getTaskStats() {
		Map<String, TaskStats> stats = new LinkedHashMap<>();
		TaskCounters[] all = this.taskCounters;
		for (TaskDefinition task : new java.util.TreeMap<>(this.registry.asMap()).values()) {
			int index = task.getIndex();
			TaskCounters counters = (index < all.length) ? all[index] : null;
			stats.put(task.getName(),
					(counters != null)
							? new TaskStats(task.getName(), counters.completed.sum() + countedByWorkers(index, true),
									counters.failed.sum() + countedByWorkers(index, false))
							: new TaskStats(task.getName(), 0, 0));
		}
		return Collections.unmodifiableMap(stats);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[maxWorkers=" + this.maxWorkers + ", queueCapacity=" + this.queueCapacity
				+ ", shutdown=" + this.shutdown + "]";
	}

	static final class TaskCounters {

		private final LongAdder completed = new LongAdder();

		private final LongAdder failed = new LongAdder();

		void add(boolean success) {
			(success ? this.completed : this.failed).increment();
		}

	}

}
