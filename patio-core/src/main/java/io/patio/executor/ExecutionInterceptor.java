package io.patio.executor;

import io.patio.call.CallRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Wraps every call an executor accepts, on the worker's side: the hook that observation,
 * tracing and metrics use without patio-core knowing them. It sees the request's
 * {@link CallRequest#headers() headers}, so that a tracer can continue the caller's
 * trace. It must return the future that {@code next} returns, or one that completes with
 * it.
 * <p>
 * An executor with no interceptor pays nothing for this hook.
 *
 * @see AbstractPatioExecutor#setExecutionInterceptor(ExecutionInterceptor)
 */
@FunctionalInterface
public interface ExecutionInterceptor {

	/**
	 * Runs {@code request} through {@code next}, doing whatever this interceptor adds
	 * around it.
	 * @param request the call to run
	 * @param executor the executor that runs it
	 * @param next the rest of the chain; never throws
	 * @return the call's result; never throws
	 */
	CompletableFuture<Object> intercept(CallRequest request, PatioExecutor executor,
			Function<CallRequest, CompletableFuture<Object>> next);

	/**
	 * One interceptor that runs {@code interceptors} in order, the first outermost;
	 * {@code null} for none.
	 */
	static ExecutionInterceptor chain(List<? extends ExecutionInterceptor> interceptors) {
		ExecutionInterceptor chained = null;
		for (int i = interceptors.size() - 1; i >= 0; i--) {
			ExecutionInterceptor outer = interceptors.get(i);
			ExecutionInterceptor inner = chained;
			chained = (inner == null) ? outer : (request, executor, next) -> outer.intercept(request, executor,
					(wrapped) -> inner.intercept(wrapped, executor, next));
		}
		return chained;
	}

}
