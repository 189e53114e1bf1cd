package io.patio.autoconfigure.health;

import io.patio.executor.ExecutorDescription;
import io.patio.executor.ExecutorStats;
import io.patio.executor.PatioExecutor;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of a patio executor: DOWN once it has shut down or while it cannot run calls
 * (a process pool whose workers all die at startup), UP otherwise. The details give its
 * saturation: running and queued calls against their limits, and their share of the
 * executor's capacity (0 idle, 1 full: the next call is rejected).
 */
public class PatioExecutorHealthIndicator implements HealthIndicator {

	private final PatioExecutor executor;

	public PatioExecutorHealthIndicator(PatioExecutor executor) {
		this.executor = executor;
	}

	@Override
	public Health health() {
		ExecutorStats stats = this.executor.getStats();
		String unavailable = (this.executor instanceof ExecutorDescription description)
				? description.unavailableReason() : null;
		Health.Builder builder = (stats.shutdown() || unavailable != null) ? Health.down() : Health.up();
		builder.withDetail("type", stats.type());
		if (stats.maxWorkers() > 0) {
			int capacity = stats.maxWorkers() + stats.queueCapacity();
			double saturation = (double) (stats.active() + stats.queued()) / capacity;
			builder.withDetail("active", stats.active())
				.withDetail("maxWorkers", stats.maxWorkers())
				.withDetail("queued", stats.queued())
				.withDetail("queueCapacity", stats.queueCapacity())
				.withDetail("saturation", Math.round(saturation * 1000) / 1000.0);
		}
		if (this.executor instanceof ExecutorDescription description) {
			builder.withDetails(description.details());
		}
		if (stats.shutdown()) {
			builder.withDetail("reason", "the executor has shut down");
		}
		else if (unavailable != null) {
			builder.withDetail("reason", unavailable);
		}
		return builder.build();
	}

}
