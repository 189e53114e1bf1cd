package io.patio.broker;

import io.patio.call.Call;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.patio.executor.PatioExecutor;
import io.patio.registry.Registry;
import io.patio.registry.TaskReference;
import tools.jackson.core.type.TypeReference;

/**
 * Delivers calls to an executor, in this JVM or on a peer. Every call ends: its future
 * completes with the task's result converted to the requested type, or exceptionally with
 * a {@link io.patio.PatioException}.
 * <p>
 * Starting a broker locks its registry.
 */
public interface PatioBroker extends AutoCloseable {

	/** The broker kind: {@code memory}, {@code tcp-server} or {@code tcp-client}. */
	String getType();

	Registry getRegistry();

	PatioExecutor getExecutor();

	/** Locks the registry, starts the executor and whatever the broker needs. */
	void start();

	boolean isRunning();

	/** Stops taking calls, lets pending ones finish, fails the rest. */
	@Override
	void close();

	/**
	 * Closes the broker, letting calls already under way finish for at most {@code grace}
	 * where the broker can (a networked broker answers its peers' new calls
	 * {@code shutting-down} meanwhile). The memory broker has nothing to wait for.
	 */
	default void close(java.time.Duration grace) {
		close();
	}

	/**
	 * Calls a task with positional arguments, converting its result to
	 * {@code resultType}.
	 */
	default <T> CompletableFuture<T> call(String task, Class<T> resultType, Object... args) {
		return call(Call.of(task, resultType).args(args));
	}

	/**
	 * Calls a task with positional arguments, converting its result to a generic type.
	 */
	default <T> CompletableFuture<T> call(String task, TypeReference<T> resultType, Object... args) {
		return call(Call.of(task, resultType).args(args));
	}

	/**
	 * Calls a task with every option of {@link Call}: keyword arguments, timeout,
	 * headers.
	 */
	<T> CompletableFuture<T> call(Call<T> call);

	/**
	 * Calls a task by method reference, e.g. {@code broker.call(Reports::latest)}. The
	 * future completes with what the method declares it returns; for a task that returns
	 * a {@code CompletionStage}, prefer {@link #callAsync(TaskReference.Of0)}, which
	 * completes with the stage's value.
	 */
	default <S, R> CompletableFuture<R> call(TaskReference.Of0<S, R> task) {
		return callDeclared(task);
	}

	/**
	 * Calls a task by method reference, e.g. {@code broker.call(MathTasks::square, 7)}.
	 */
	default <S, A, R> CompletableFuture<R> call(TaskReference.Of1<S, A, R> task, A a) {
		return callDeclared(task, a);
	}

	/**
	 * Calls a task by method reference, e.g. {@code broker.call(MathTasks::pow, 2, 10)}.
	 */
	default <S, A, B, R> CompletableFuture<R> call(TaskReference.Of2<S, A, B, R> task, A a, B b) {
		return callDeclared(task, a, b);
	}

	/** Calls a task by method reference with three arguments. */
	default <S, A, B, C, R> CompletableFuture<R> call(TaskReference.Of3<S, A, B, C, R> task, A a, B b, C c) {
		return callDeclared(task, a, b, c);
	}

	/**
	 * Calls a task that returns a {@code CompletionStage<R>} by method reference;
	 * completes with {@code R}.
	 */
	default <S, R> CompletableFuture<R> callAsync(TaskReference.Of0<S, ? extends CompletionStage<R>> task) {
		return callReference(task);
	}

	/**
	 * Calls a task that returns a {@code CompletionStage<R>} by method reference;
	 * completes with {@code R}.
	 */
	default <S, A, R> CompletableFuture<R> callAsync(TaskReference.Of1<S, A, ? extends CompletionStage<R>> task, A a) {
		return callReference(task, a);
	}

	/**
	 * Calls a task that returns a {@code CompletionStage<R>} by method reference;
	 * completes with {@code R}.
	 */
	default <S, A, B, R> CompletableFuture<R> callAsync(TaskReference.Of2<S, A, B, ? extends CompletionStage<R>> task,
			A a, B b) {
		return callReference(task, a, b);
	}

	/**
	 * Calls a task that returns a {@code CompletionStage<R>} by method reference;
	 * completes with {@code R}.
	 */
	default <S, A, B, C, R> CompletableFuture<R> callAsync(
			TaskReference.Of3<S, A, B, C, ? extends CompletionStage<R>> task, A a, B b, C c) {
		return callReference(task, a, b, c);
	}

	/**
	 * Like {@link #callReference}, but a task that returns a {@code CompletionStage}
	 * completes the future with a completed stage, so that the future's type is what the
	 * method declares.
	 */
	@SuppressWarnings("unchecked")
	private <R> CompletableFuture<R> callDeclared(TaskReference task, Object... args) {
		CompletableFuture<Object> result = callReference(task, args);
		java.lang.reflect.Method method;
		try {
			method = getRegistry().methodOf(task);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
			return (CompletableFuture<R>) result.thenApply(CompletableFuture::completedFuture);
		}
		return (CompletableFuture<R>) result;
	}

	/**
	 * Calls the task a method reference points at, by its generated name. The result type
	 * is the method's return type ({@code X} for a {@code CompletionStage<X>}). An array
	 * passed for a varargs parameter is spread, as Java does.
	 */
	<R> CompletableFuture<R> callReference(TaskReference task, Object... args);

}
