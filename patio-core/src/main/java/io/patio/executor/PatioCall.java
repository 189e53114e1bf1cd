package io.patio.executor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.netty.util.Timeout;
import io.patio.PatioException;
import io.patio.TaskFailedException;
import io.patio.registry.TaskDefinition;

/**
 * One accepted call: the future its caller holds, and the work a worker runs. It completes
 * exactly once, whichever comes first: the result, the task's exception, the timeout, a
 * rejection or the executor's shutdown.
 */
public final class PatioCall extends CompletableFuture<Object> implements Runnable {

	private final AbstractPatioExecutor executor;

	private final TaskDefinition task;

	private final Object[] arguments;

	volatile Timeout timeout;

	/** Set when the task returned a stage that was not done yet. */
	volatile boolean awaitingStage;

	/** The thread running the task, so that a timeout can interrupt it. Guarded by this. */
	private Thread runner;

	PatioCall(AbstractPatioExecutor executor, TaskDefinition task, Object[] arguments) {
		this.executor = executor;
		this.task = task;
		this.arguments = arguments;
	}

	public TaskDefinition getTask() {
		return this.task;
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
		synchronized (this) {
			this.runner = Thread.currentThread();
		}
		try {
			Object result = this.task.invoke(this.arguments);
			if (result instanceof CompletionStage<?> stage) {
				follow(stage);
			}
			else {
				succeed(result);
			}
		}
		catch (Throwable ex) {
			fail(ex);
		}
		finally {
			synchronized (this) {
				this.runner = null;
				// A timeout's interrupt must not leak into the worker's next call.
				Thread.interrupted();
			}
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

	private void succeed(Object value) {
		if (super.complete(value)) {
			done(true, true);
		}
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

	void expire() {
		if (super.completeExceptionally(AbstractPatioExecutor.timeout(this.task.getName()))) {
			synchronized (this) {
				if (this.runner != null) {
					this.runner.interrupt();
				}
			}
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
			synchronized (this) {
				if (this.runner != null) {
					this.runner.interrupt();
				}
			}
			done(false, true);
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
		Timeout scheduled = this.timeout;
		if (scheduled != null) {
			scheduled.cancel();
		}
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
