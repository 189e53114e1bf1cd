package io.patio.broker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.patio.call.CallRequest;

/**
 * Wraps every call a broker sends, on the caller's side: the hook that observation,
 * tracing and metrics use without patio-core knowing them. An interceptor may replace the
 * request (for example with {@link CallRequest#withHeaders} to add a W3C
 * {@code traceparent}) and must return the future that {@code next} returns, or one that
 * completes with it.
 * <p>
 * A broker with no interceptor pays nothing for this hook.
 *
 * @see AbstractPatioBroker#setCallInterceptor(CallInterceptor)
 */
@FunctionalInterface
public interface CallInterceptor {

	/**
	 * Sends {@code request} through {@code next}, doing whatever this interceptor adds
	 * around it.
	 * @param request the call about to be dispatched
	 * @param broker the broker that sends it
	 * @param next the rest of the chain; never throws
	 * @return the call's raw result; never throws
	 */
	CompletableFuture<Object> intercept(CallRequest request, PatioBroker broker,
			Function<CallRequest, CompletableFuture<Object>> next);

	/**
	 * One interceptor that runs {@code interceptors} in order, the first outermost;
	 * {@code null} for none.
	 */
	static CallInterceptor chain(List<? extends CallInterceptor> interceptors) {
		CallInterceptor chained = null;
		for (int i = interceptors.size() - 1; i >= 0; i--) {
			CallInterceptor outer = interceptors.get(i);
			CallInterceptor inner = chained;
			chained = (inner == null) ? outer : (request, broker, next) -> outer.intercept(request, broker,
					(wrapped) -> inner.intercept(wrapped, broker, next));
		}
		return chained;
	}

}
