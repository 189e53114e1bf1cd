package io.patio.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import io.patio.PatioException;
import io.patio.TaskFailedException;
import io.patio.registry.TaskDefinition;

/**
 * One accepted call: the future its caller holds, and the work a worker runs. It completes
 * exactly once, whichever comes first: the result, the task's exception, the timeout, a
 * rejection or the executor's shutdown.
 */
public final class PatioCall extends CompletableFuture<Object> implements Runnable {

	private static final int IDLE = 0;

	private static final int RUNNING = 1;

	private static final int INTERRUPTING = 2;

	private static final int FINISHED = 3;

	private static final VarHandle RUN_STATE;

	static {
		try {
			RUN_STATE = MethodHandles.lookup().findVarHandle(PatioCall.class, "runState", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final AbstractPatioExecutor executor;

	private final TaskDefinition task;

	private final Object[] arguments;

	/**
	 * When the call is overdue. For a lazy budget ({@link CallRequest#isLazy()}) the sweep
	 * sets it the first time it sees the call; only the sweep's thread reads it then.
	 */
	private long deadline;

	private final boolean hasDeadline;

	/** The budget whose clock the sweep has yet to start, else 0. */
	private long lazyBudget;

	/** Whether the deadline was set when the call was made, so its start checks the clock. */
	private final boolean exact;

	/** Set when the task returned a stage that was not done yet. */
	volatile boolean awaitingStage;

	/**
	 * The thread running the task, so that a timeout or shutdown can interrupt it. Written
	 * before the CAS to RUNNING and read only after the CAS from RUNNING, which order it.
	 */
	private Thread runner;

	/**
	 * IDLE, RUNNING, INTERRUPTING or FINISHED. An interrupt is only sent while the state is
	 * INTERRUPTING, and the worker waits for it to end before it moves on, so an interrupt
	 * meant for this call never reaches the worker's next one.
	 */
	@SuppressWarnings("unused")
	private volatile int runState;

	final AbstractPatioExecutor.TaskCounters counters;

	/** Applied to the result as the call completes (e.g. the caller's type conversion), or {@code null}. */
	private final BiFunction<String, Object, Object> resultMapping;

	PatioCall(AbstractPatioExecutor executor, TaskDefinition task, Object[] arguments, long deadline,
			boolean hasDeadline, long lazyBudget, AbstractPatioExecutor.TaskCounters counters,
			BiFunction<String, Object, Object> resultMapping) {
		this.executor = executor;
		this.counters = counters;
		this.resultMapping = resultMapping;
		this.task = task;
		this.arguments = arguments;
		this.deadline = deadline;
		this.hasDeadline = hasDeadline;
		this.lazyBudget = lazyBudget;
		this.exact = hasDeadline && lazyBudget == 0;
	}

	public TaskDefinition getTask() {
		return this.task;
	}

	/**
	 * Whether the call's budget ran out by {@code now} ({@link System#nanoTime()}). A lazy
	 * budget starts at the first {@code now} it is asked about: only the sweep asks.
	 */
	boolean isOverdue(long now) {
		if (!this.hasDeadline) {
			return false;
		}
		if (this.lazyBudget > 0) {
			this.deadline = now + this.lazyBudget;
			this.lazyBudget = 0;
			return false;
		}
		return now - this.deadline >= 0;
	}

	/**
	 * Runs the task on this thread. A task that returns a {@link CompletionStage} completes
	 * the call when the stage does.
	 */
	@Override
	public void run() {
		if (isDone()) {
			return;
		}
		// A lazy budget is the sweep's to enforce; only a deadline set when the call was made
		// is worth reading the clock for here.
		if (this.exact && System.nanoTime() - this.deadline >= 0) {
			expire();
			return;
		}
		this.runner = Thread.currentThread();
		if (!RUN_STATE.compareAndSet(this, IDLE, RUNNING)) {
			return;
		}
		// The CAS above is a full fence: a timeout that completed the call before it is seen
		// here, and one that completes it after it sees RUNNING and interrupts.
		boolean won = false;
		try {
			if (isDone()) {
				return;
			}
			Object result = this.task.invoke(this.arguments);
			if (result instanceof CompletionStage<?> stage) {
				follow(stage);
			}
			else {
				won = succeed(result);
			}
		}
		catch (Throwable ex) {
			fail(ex);
		}
		finally {
			// Only whoever completes the call first may interrupt its runner. When the result
			// won, no interrupt can come, and the state may stay RUNNING; otherwise (a timeout,
			// a shutdown, a stage still pending) the worker hands off before it moves on.
			if (!won && !RUN_STATE.compareAndSet(this, RUNNING, FINISHED)) {
				while (this.runState == INTERRUPTING) {
					Thread.onSpinWait();
				}
				// The interrupt was for this call; it must not leak into the worker's next one.
				Thread.interrupted();
			}
			this.runner = null;
		}
	}

	/**
	 * Invokes a task that returns a {@link CompletionStage}; the call completes with the stage.
	 * Used by executors that run no thread per task.
	 */
	void runAsync() {
		try {
			Object result = this.task.invoke(this.arguments);
			if (result instanceof CompletionStage<?> stage) {
				follow(stage);
			}
			else {
				fail(new IllegalStateException("Task '" + this.task.getName() + "' returned "
						+ ((result != null) ? result.getClass().getName() : "null") + " instead of a CompletionStage"));
			}
		}
		catch (Throwable ex) {
			fail(ex);
		}
	}

	private void follow(CompletionStage<?> stage) {
		if (!(stage instanceof CompletableFuture<?> future && future.isDone())) {
			this.awaitingStage = true;
			this.executor.awaitStage(this);
		}
		stage.whenComplete((value, error) -> {
			if (error != null) {
				fail(error);
			}
			else {
				succeed(value);
			}
		});
	}

	/** Completes the call with the task's result; whether this completed it (nothing else did first). */
	private boolean succeed(Object value) {
		Object result;
		try {
			result = (this.resultMapping != null) ? this.resultMapping.apply(this.task.getName(), value) : value;
		}
		catch (RuntimeException ex) {
			// The task itself succeeded; only its result did not suit the caller.
			if (super.completeExceptionally(ex)) {
				done(true, true);
				return true;
			}
			return false;
		}
		if (super.complete(result)) {
			done(true, true);
			return true;
		}
		return false;
	}

	private void fail(Throwable error) {
		Throwable cause = unwrap(error);
		PatioException failure = (cause instanceof PatioException patio) ? patio
				: new TaskFailedException(this.task.getName(),
						"Task '" + this.task.getName() + "' failed: " + cause, cause);
		if (super.completeExceptionally(failure)) {
			done(false, true);
		}
	}

	/** Fails the call with a timeout and interrupts its task if it is running. */
	void expire() {
		if (super.completeExceptionally(AbstractPatioExecutor.timeout(this.task.getName()))) {
			interruptRunner();
			done(false, true);
		}
	}

	void reject(PatioException rejection) {
		if (super.completeExceptionally(rejection)) {
			done(false, false);
		}
	}

	/** Fails the call because its executor shut down before it finished. */
	void abandon() {
		if (super.completeExceptionally(this.executor.shutDownWhilePending(this))) {
			interruptRunner();
			done(false, true);
		}
	}

	private void interruptRunner() {
		if (RUN_STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
			Thread thread = this.runner;
			if (thread != null) {
				thread.interrupt();
			}
			this.runState = FINISHED;
		}
	}

	/** A caller that completes the future itself takes the call out of the executor's books too. */
	@Override
	public boolean complete(Object value) {
		boolean done = super.complete(value);
		if (done) {
			done(true, false);
		}
		return done;
	}

	@Override
	public boolean completeExceptionally(Throwable ex) {
		boolean done = super.completeExceptionally(ex);
		if (done) {
			done(false, false);
		}
		return done;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean done = super.cancel(mayInterruptIfRunning);
		if (done) {
			done(false, false);
		}
		return done;
	}

	private void done(boolean success, boolean counted) {
		this.executor.finished(this, success, counted);
	}

	private static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof java.util.concurrent.CompletionException
				|| cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
