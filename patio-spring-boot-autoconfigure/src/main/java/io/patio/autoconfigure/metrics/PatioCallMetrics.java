package io.patio.autoconfigure.metrics;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.patio.ErrorCode;
import io.patio.PatioException;
import io.patio.broker.CallInterceptor;
import io.patio.broker.ConnectedBroker;
import io.patio.broker.PatioBroker;
import io.patio.call.CallRequest;

/**
 * Caller-side meters of a broker, tagged with {@code broker.type}; it counts as a
 * {@link CallInterceptor}:
 * <ul>
 * <li>{@code patio.calls.in-flight}: calls sent and not yet answered;</li>
 * <li>{@code patio.calls.rejected}: calls the worker turned away, saturated or shutting
 * down;</li>
 * <li>for brokers with connections to peers ({@link ConnectedBroker}, such as the TCP
 * brokers), {@code patio.connections} (open connections) and
 * {@code patio.calls.late-answers} (answers that came after their caller timed out,
 * dropped).</li>
 * </ul>
 * Call durations are not measured here: the {@code patio.call} observation's timer does.
 */
public class PatioCallMetrics implements CallInterceptor, MeterBinder {

	private final PatioBroker broker;

	private final AtomicLong inFlight = new AtomicLong();

	private volatile Counter rejected;

	public PatioCallMetrics(PatioBroker broker) {
		this.broker = broker;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("broker.type", this.broker.getType());
		Gauge.builder("patio.calls.in-flight", this.inFlight, AtomicLong::get)
			.description("Calls sent and not yet answered")
			.tags(tags)
			.register(registry);
		this.rejected = Counter.builder("patio.calls.rejected")
			.description("Calls the worker turned away because it was saturated or shutting down")
			.tags(tags)
			.register(registry);
		if (this.broker instanceof ConnectedBroker connected) {
			Gauge.builder("patio.connections", connected, ConnectedBroker::getConnectionCount)
				.description("Open TCP connections to peers")
				.tags(tags)
				.register(registry);
			FunctionCounter.builder("patio.calls.late-answers", connected, ConnectedBroker::getLateAnswers)
				.description("Answers that came after their caller had timed out, dropped")
				.tags(tags)
				.register(registry);
		}
	}

	@Override
	public CompletableFuture<Object> intercept(CallRequest request, PatioBroker broker,
			Function<CallRequest, CompletableFuture<Object>> next) {
		this.inFlight.incrementAndGet();
		CompletableFuture<Object> result = next.apply(request);
		result.whenComplete((value, error) -> {
			this.inFlight.decrementAndGet();
			if (error != null && isRejection(error)) {
				Counter counter = this.rejected;
				if (counter != null) {
					counter.increment();
				}
			}
		});
		return result;
	}

	/** Calls sent and not yet answered. */
	public long getInFlight() {
		return this.inFlight.get();
	}

	private static boolean isRejection(Throwable error) {
		Throwable cause = io.patio.call.Failures.unwrap(error);
		return cause instanceof PatioException patio
				&& (patio.getCode() == ErrorCode.REJECTED || patio.getCode() == ErrorCode.SHUTTING_DOWN);
	}

}
