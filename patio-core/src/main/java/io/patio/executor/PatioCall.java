package io.patio.executor;

import io.patio.call.CallRequest;
import io.patio.call.Failures;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.patio.PatioException;
import io.patio.TaskFailedException;
import io.patio.registry.TaskDefinition;
import io.patio.serializer.CallPayload;

/**
 * One accepted call: the future its caller holds, and the work a worker runs. It
 * completes exactly once, whichever comes first: the result, the task's exception, the
 * timeout, a rejection or the executor's shutdown.
 */
public final class PatioCall extends CompletableFuture<Object> implements Runnable {

	private final AbstractPatioExecutor executor;

	private final TaskDefinition task;

	/** The bound arguments; for a call that came encoded, set when it is decoded. */
	private Object[] arguments;

	/**
	 * When the call is overdue. For a lazy budget ({@link CallRequest#isLazy()}) the
	 * sweep sets it the first time it sees the call; only the sweep's thread reads it
	 * then.
	 */
	private long deadline;

	private final boolean hasDeadline;

	/** The budget whose clock the sweep has yet to start, else 0. */
	private long lazyBudget;

	/**
	 * Whether the deadline was set when the call was made, so its start checks the clock.
	 */
	private final boolean exact;

	/** Set when the task returned a stage that was not done yet. */
	volatile boolean awaitingStage;

	final AbstractPatioExecutor.TaskCounters counters;

	/**
	 * Applied to the result as the call completes (e.g. the caller's type conversion), or
	 * {@code null}.
	 */
	private final BiFunction<String, Object, Object> resultMapping;

	/**
	 * The request of a call forwarded to a worker elsewhere, whose arguments are not
	 * bound here; {@code null} for a call run here.
	 */
	private final CallRequest request;

	/**
	 * Decodes a call that came encoded, on the thread that runs it; {@code null} once it
	 * is decoded, and for every other call.
	 */
	private Supplier<CallPayload> decoder;

	/**
	 * The budget a call that came encoded said it had at a glance, which its decoded form
	 * must repeat.
	 */
	private Duration encodedBudget;

	private static final Object[] NO_ARGS = {};

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
		this.request = null;
	}

	/** A call to forward: its budget's clock must have started. */
	PatioCall(AbstractPatioExecutor executor, TaskDefinition task, CallRequest request,
			AbstractPatioExecutor.TaskCounters counters, BiFunction<String, Object, Object> resultMapping) {
		this.executor = executor;
		this.counters = counters;
		this.resultMapping = resultMapping;
		this.task = task;
		this.arguments = null;
		this.deadline = request.deadline();
		this.hasDeadline = request.hasDeadline();
		this.lazyBudget = 0;
		this.exact = request.hasDeadline();
		this.request = request;
	}

	/**
	 * A call that came encoded (see
	 * {@link PatioExecutor#execute(String, Duration, Supplier)}): the thread that runs it
	 * decodes it first; its deadline is known already, from the budget read at a glance.
	 */
	PatioCall(AbstractPatioExecutor executor, TaskDefinition task, Supplier<CallPayload> decoder, Duration budget,
			long deadline, AbstractPatioExecutor.TaskCounters counters) {
		this.executor = executor;
		this.counters = counters;
		this.resultMapping = null;
		this.task = task;
		this.decoder = decoder;
		this.encodedBudget = budget;
		this.deadline = deadline;
		this.hasDeadline = budget != null;
		this.exact = this.hasDeadline;
		this.request = null;
	}

	CallRequest request() {
		return this.request;
	}

	public TaskDefinition getTask() {
		return this.task;
	}

	/**
	 * Whether the call's budget ran out by {@code now} ({@link System#nanoTime()}). A
	 * lazy budget starts at the first {@code now} it is asked about: only the sweep asks.
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
	 * Runs the task on this thread. A task that returns a {@link CompletionStage}
	 * completes the call when the stage does. An executor that interrupts timed-out tasks
	 * publishes, with a full fence, which call a thread runs before it calls this (which
	 * first checks whether the call is done), so that a timeout either stops the call
	 * here or finds it published; nothing in this object is written until the call
	 * completes.
	 */
	@Override
	public void run() {
		if (isDone()) {
			return;
		}
		if (this.decoder != null && (!decode() || isDone())) {
			return;
		}
		// A lazy budget is the sweep's to enforce; only a deadline set when the call was
		// made
		// is worth reading the clock for here.
		if (this.exact && System.nanoTime() - this.deadline >= 0) {
			expire();
			return;
		}
		try {
			Object result = this.task.invoke(this.arguments);
			if (this.task.mayReturnStage() && result instanceof CompletionStage<?> stage) {
				follow(stage);
			}
			else {
				succeed(result);
			}
		}
		catch (Throwable ex) {
			fail(ex);
		}
	}

	/**
	 * Decodes a call that came encoded and binds its arguments, on the thread about to
	 * run it; {@code false} when the call failed instead. A REQUEST that does not decode
	 * (or names another task or budget) is not counted by the executor, as one refused on
	 * the event loop is not; arguments that do not bind count as a call whose task never
	 * ran, as they always have. Whatever is thrown, the call completes.
	 */
	private boolean decode() {
		Supplier<CallPayload> decoder = this.decoder;
		Duration budget = this.encodedBudget;
		this.decoder = null;
		this.encodedBudget = null;
		CallPayload call;
		try {
			call = EncodedCalls.decode(this.task.getName(), budget, decoder);
		}
		catch (Throwable ex) {
			return failUnrun(ex, false);
		}
		try {
			Object[] args = (call.args() != null) ? call.args().toArray() : NO_ARGS;
			Map<String, ?> kwargs = (call.kwargs() != null) ? call.kwargs() : Map.of();
			this.arguments = this.task.needsCallContext()
					? this.task.bind(args, kwargs, (call.headers() != null) ? call.headers() : Map.of(),
							this.hasDeadline ? Duration.ofNanos(Math.max(0L, this.deadline - System.nanoTime())) : null)
					: this.task.bind(args, kwargs);
			return true;
		}
		catch (Throwable ex) {
			return failUnrun(ex, true);
		}
	}

	/**
	 * Fails a call whose task never ran; an error of the virtual machine goes on up once
	 * the call is done.
	 */
	private boolean failUnrun(Throwable failure, boolean counted) {
		if (super.completeExceptionally(failure)) {
			if (counted) {
				this.executor.countFailedUnrun();
			}
			done(false, false);
		}
		if (failure instanceof VirtualMachineError error) {
			throw error;
		}
		return false;
	}

	/**
	 * Invokes a task that returns a {@link CompletionStage}; the call completes with the
	 * stage. Used by executors that run no thread per task.
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

	boolean succeed(Object value) {
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

	boolean fail(Throwable error) {
		Throwable cause = Failures.unwrap(error);
		PatioException failure = (cause instanceof PatioException patio) ? patio : new TaskFailedException(
				this.task.getName(), "Task '" + this.task.getName() + "' failed: " + cause, cause);
		if (super.completeExceptionally(failure)) {
			done(false, true);
			return true;
		}
		return false;
	}

	/** Fails the call with a timeout and interrupts its task if it is running. */
	void expire() {
		expire(AbstractPatioExecutor.timeout(this.task.getName()));
	}

	/** Fails the call with {@code timeout} and interrupts its task if it is running. */
	boolean expire(io.patio.TaskTimeoutException timeout) {
		if (super.completeExceptionally(timeout)) {
			this.executor.interrupt(this);
			done(false, true);
			return true;
		}
		return false;
	}

	void reject(PatioException rejection) {
		if (super.completeExceptionally(rejection)) {
			done(false, false);
		}
	}

	/** Fails the call because its executor shut down before it finished. */
	void abandon() {
		if (super.completeExceptionally(this.executor.shutDownWhilePending(this))) {
			this.executor.interrupt(this);
			done(false, true);
		}
	}

	/**
	 * A caller that completes the future itself takes the call out of the executor's
	 * books too.
	 */
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

}
