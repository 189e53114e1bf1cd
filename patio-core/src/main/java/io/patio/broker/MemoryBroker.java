package io.patio.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.patio.call.CallRequest;
import io.patio.executor.PatioExecutor;
import org.jspecify.annotations.Nullable;

/**
 * Delivers calls to an executor in this JVM, like the Python original's
 * {@code MemoryBroker}: a way to lay the foundation now and choose a networked broker
 * later without changing the code that calls.
 */
public final class MemoryBroker extends AbstractPatioBroker {

	public MemoryBroker(PatioExecutor executor) {
		this(executor, DEFAULT_TIMEOUT);
	}

	public MemoryBroker(PatioExecutor executor, @Nullable Duration defaultTimeout) {
		super(executor, defaultTimeout);
	}

	@Override
	public String getType() {
		return "memory";
	}

	@Override
	protected CompletableFuture<Object> dispatch(CallRequest request) {
		return getExecutor().execute(request);
	}

	/**
	 * A call with positional arguments goes to the executor without a request built for
	 * it.
	 */
	@Override
	protected CompletableFuture<Object> dispatchLocal(String task, Object[] args, Duration timeout,
			java.util.function.BiFunction<String, Object, Object> resultMapping) {
		return getExecutor().execute(task, args, timeout, resultMapping);
	}

	/**
	 * The executor converts the result as it completes the call: no extra stage per call.
	 */
	@Override
	protected CompletableFuture<Object> dispatch(CallRequest request,
			java.util.function.BiFunction<String, Object, Object> resultMapping) {
		return getExecutor().execute(request, resultMapping);
	}

}
