package io.patio.observation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.patio.broker.CallInterceptor;
import io.patio.broker.PatioBroker;
import io.patio.call.CallRequest;
import io.patio.call.Failures;
import org.jspecify.annotations.Nullable;

/**
 * Observes every call a broker sends as {@code patio.call}. The observation starts before
 * the call is dispatched, so that a tracer injects its context into the call's headers,
 * and stops when the call's future completes.
 */
public final class ObservingCallInterceptor implements CallInterceptor {

	private final ObservationRegistry registry;

	private final PatioCallObservationConvention convention;

	/**
	 * @param registry where observations go
	 * @param convention replaces the default convention; {@code null} for the default
	 */
	public ObservingCallInterceptor(ObservationRegistry registry, @Nullable PatioCallObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public CompletableFuture<Object> intercept(CallRequest request, PatioBroker broker,
			Function<CallRequest, CompletableFuture<Object>> next) {
		if (this.registry.isNoop()) {
			return next.apply(request);
		}
		Map<String, String> headers = new LinkedHashMap<>(request.headers());
		PatioCallContext context = new PatioCallContext(request, broker.getType(), headers);
		Observation observation = Observation
			.createNotStarted(this.convention, DefaultPatioCallObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		CompletableFuture<Object> result;
		try (Observation.Scope scope = observation.openScope()) {
			result = next.apply(observation.isNoop() ? request : request.withHeaders(headers));
		}
		result.whenComplete((value, error) -> {
			Throwable failure = Failures.unwrap(error);
			context.finish(failure);
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		});
		return result;
	}

}
