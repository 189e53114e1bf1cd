package io.patio.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.PatioBroker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Gauges and counters for patio: the executor's pool ({@link PatioExecutorMetrics}) and
 * the broker's calls in flight and rejected ({@link PatioCallMetrics}). Boot binds them
 * to every {@link MeterRegistry}. Timers come from the observations, not from here.
 */
@AutoConfiguration(after = PatioAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, PatioBroker.class })
public final class PatioMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PatioExecutorMetrics patioExecutorMetrics(PatioBroker broker) {
		return new PatioExecutorMetrics(broker.getExecutor());
	}

	@Bean
	@ConditionalOnMissingBean
	PatioCallMetrics patioCallMetrics(PatioBroker broker) {
		return new PatioCallMetrics(broker);
	}

}
