package io.patio.executor;

import io.patio.call.CallRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import io.patio.registry.Registry;
import io.patio.serializer.ArgumentTypes;

/**
 * Runs tasks from a {@link Registry} with bounded resources, like the Python original's
 * executors. Under overload a call is rejected with
 * {@link io.patio.RejectedCallException}, never dropped; on shutdown every pending call
 * completes, with its result or an error.
 */
public interface PatioExecutor extends AutoCloseable {

	/**
	 * The executor kind, as configured: {@code thread-pool}, {@code virtual-threads},
	 * {@code async}, {@code process-pool} or {@code none}.
	 */
	String getType();

	/** The registry whose tasks this executor runs. */
	Registry getRegistry();

	/**
	 * The types a transport may bind the positional arguments of a call to while it reads
	 * the call
	 * ({@link io.patio.serializer.Serializer#decodeCall(byte[], ArgumentTypes)}), so that
	 * such an argument reaches the task, and any {@link ExecutionInterceptor}, as an
	 * instance of its parameter's type instead of a tree. By default none: the arguments
	 * come as the serializer's neutral form.
	 */
	default ArgumentTypes argumentTypes() {
		return ArgumentTypes.NONE;
	}

	/**
	 * Checks the registry and gets ready to run. Brokers call it after they lock the
	 * registry; calling it again does nothing.
	 * @throws IllegalStateException when the registry holds tasks this executor cannot
	 * run
	 */
	void start();

	/**
	 * Runs a call. Never throws: every failure (unknown task, bad arguments, rejection,
	 * timeout, the task's own exception) completes the future exceptionally with a
	 * {@link io.patio.PatioException}.
	 */
	CompletableFuture<Object> execute(CallRequest call);

	/**
	 * Runs a call and completes its future with {@code resultMapping} applied to the
	 * task's name and result, such as a conversion to the type the caller asked for; when
	 * the mapping throws, the future fails with what it threw. Executors apply the
	 * mapping as they complete the call, with no extra stage.
	 */
	default CompletableFuture<Object> execute(CallRequest call, BiFunction<String, Object, Object> resultMapping) {
		CompletableFuture<Object> result = execute(call);
		return (resultMapping != null) ? result.thenApply((value) -> resultMapping.apply(call.task(), value)) : result;
	}

	/**
	 * Runs a call that came encoded, as a transport read it: {@code task} and
	 * {@code budget} are what it says at a glance
	 * ({@link io.patio.serializer.Serializer#peekCall}), and {@code decoder} decodes the
	 * whole call. By default it is decoded on this thread and run as
	 * {@link #execute(CallRequest)}. An executor whose tasks run on threads of its own
	 * may instead accept the call as it is and let the thread that runs it decode it, so
	 * that the thread that delivered it (a transport's event loop) need not; the budget
	 * counts from here, and a call that waits it out in the queue times out there, as any
	 * other.
	 * <p>
	 * Never throws: a call that does not decode fails with
	 * {@link io.patio.BadRequestException}, as does one whose decoded task or budget is
	 * not {@code task} or {@code budget}; every other failure is as
	 * {@link #execute(CallRequest)}'s.
	 * @param task the task the call names; not {@code null}
	 * @param budget the time the caller still waits, or {@code null} for none
	 * @param decoder decodes the call; it throws {@link io.patio.BadRequestException}
	 * when the call does not decode
	 */
	default CompletableFuture<Object> execute(String task, Duration budget,
			java.util.function.Supplier<io.patio.serializer.CallPayload> decoder) {
		return EncodedCalls.decodeAndExecute(this, task, budget, decoder);
	}

	/**
	 * Runs a call made in this JVM with positional arguments only: the same as
	 * {@code execute(CallRequest.of(task, args, null, timeout, null), resultMapping)},
	 * which an executor may do without building the request when nothing would look at
	 * it.
	 */
	default CompletableFuture<Object> execute(String task, Object[] args, java.time.Duration timeout,
			BiFunction<String, Object, Object> resultMapping) {
		return execute(CallRequest.of(task, args, null, timeout, null), resultMapping);
	}

	/** The task names this executor runs, which a broker advertises to its peers. */
	/**
	 * Whether this executor's results arrive as trees decoded off a wire (a process
	 * pool's do) rather than as the task's own Java objects. A broker in front of it then
	 * converts even a result its caller asks for as {@code Object}, so that the caller
	 * gets plain Java values (maps, lists, numbers, strings), as over TCP.
	 */
	default boolean deliversTrees() {
		return false;
	}

	Set<String> getTaskNames();

	/** The most calls that run at once. */
	int getMaxWorkers();

	ExecutorStats getStats();

	/** Finished calls per task name. */
	Map<String, TaskStats> getTaskStats();

	boolean isShutdown();

	/**
	 * Stops taking calls, lets the pending ones finish for at most {@code grace}, then
	 * fails the rest with {@link io.patio.ShuttingDownException}. Returns when every call
	 * is done.
	 */
	void shutdown(Duration grace);

	/** Shuts down with a grace period of 30 seconds. */
	@Override
	default void close() {
		shutdown(Duration.ofSeconds(30));
	}

}
