package io.patio.autoconfigure.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.patio.executor.ExecutorStats;
import io.patio.executor.PatioExecutor;

/**
 * Pool meters of a {@link PatioExecutor}, read from its {@link ExecutorStats}.
 * Micrometer's {@code ExecutorServiceMetrics} does not fit: a patio executor is not an
 * {@code ExecutorService}, and the async executor has no threads at all. The names follow
 * {@code ExecutorServiceMetrics}' under a {@code patio.} prefix, tagged with
 * {@code executor.type}:
 * <ul>
 * <li>{@code patio.executor.active}: calls running now;</li>
 * <li>{@code patio.executor.queued}: calls waiting for a worker;</li>
 * <li>{@code patio.executor.queue.remaining}: free places in the queue;</li>
 * <li>{@code patio.executor.pool.max}: the most calls that run at once;</li>
 * <li>{@code patio.executor.calls}: finished calls, by {@code outcome}:
 * {@code completed}, {@code failed}, {@code rejected} (turned away because the executor
 * was saturated or shutting down).</li>
 * </ul>
 */
public class PatioExecutorMetrics implements MeterBinder {

	private final PatioExecutor executor;

	public PatioExecutorMetrics(PatioExecutor executor) {
		this.executor = executor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("executor.type", this.executor.getType());
		gauge(registry, "patio.executor.active", "Calls running now", tags, ExecutorStats::active);
		gauge(registry, "patio.executor.queued", "Calls waiting for a worker", tags, ExecutorStats::queued);
		gauge(registry, "patio.executor.queue.remaining", "Free places in the queue", tags,
				(stats) -> Math.max(stats.queueCapacity() - stats.queued(), 0));
		gauge(registry, "patio.executor.pool.max", "The most calls that run at once", tags, ExecutorStats::maxWorkers);
		counter(registry, tags.and("outcome", "completed"), ExecutorStats::completed);
		counter(registry, tags.and("outcome", "failed"), ExecutorStats::failed);
		counter(registry, tags.and("outcome", "rejected"), ExecutorStats::rejected);
	}

	private void gauge(MeterRegistry registry, String name, String description, Tags tags,
			ToDoubleFunction<ExecutorStats> value) {
		Gauge.builder(name, this.executor, (executor) -> value.applyAsDouble(executor.getStats()))
			.description(description)
			.tags(tags)
			.register(registry);
	}

	private void counter(MeterRegistry registry, Tags tags, ToDoubleFunction<ExecutorStats> value) {
		FunctionCounter
			.builder("patio.executor.calls", this.executor, (executor) -> value.applyAsDouble(executor.getStats()))
			.description("Calls the executor finished or turned away")
			.tags(tags)
			.register(registry);
	}

}
