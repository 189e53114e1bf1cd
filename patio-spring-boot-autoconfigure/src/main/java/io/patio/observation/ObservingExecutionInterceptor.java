package io.patio.observation;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.patio.call.CallRequest;
import io.patio.executor.ExecutionInterceptor;
import io.patio.executor.PatioExecutor;
import org.jspecify.annotations.Nullable;

/**
 * Observes every call an executor accepts as {@code patio.task.execution}, continuing the
 * caller's trace from the call's headers. The observation stops when the call completes.
 */
public final class ObservingExecutionInterceptor implements ExecutionInterceptor {

	private final ObservationRegistry registry;

	private final PatioExecutionObservationConvention convention;

	private final Supplier<String> brokerType;

	/**
	 * @param registry where observations go
	 * @param convention replaces the default convention; {@code null} for the default
	 * @param brokerType the type of the broker that delivers calls to the executor
	 */
	public ObservingExecutionInterceptor(ObservationRegistry registry,
			@Nullable PatioExecutionObservationConvention convention, Supplier<String> brokerType) {
		this.registry = registry;
		this.convention = convention;
		this.brokerType = brokerType;
	}

	@Override
	public CompletableFuture<Object> intercept(CallRequest request, PatioExecutor executor,
			Function<CallRequest, CompletableFuture<Object>> next) {
		if (this.registry.isNoop()) {
			return next.apply(request);
		}
		PatioExecutionContext context = new PatioExecutionContext(request, this.brokerType.get(), executor.getType());
		Observation observation = Observation
			.createNotStarted(this.convention, DefaultPatioExecutionObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		CompletableFuture<Object> result;
		try (Observation.Scope scope = observation.openScope()) {
			result = next.apply(request);
		}
		result.whenComplete((value, error) -> {
			Throwable failure = io.patio.call.Failures.unwrap(error);
			context.finish(failure);
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		});
		return result;
	}

}
