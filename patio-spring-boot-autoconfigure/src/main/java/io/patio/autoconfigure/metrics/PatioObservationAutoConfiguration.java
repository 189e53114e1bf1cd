package io.patio.autoconfigure.metrics;

import io.micrometer.observation.ObservationRegistry;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.PatioBroker;
import io.patio.observation.ObservingCallInterceptor;
import io.patio.observation.ObservingExecutionInterceptor;
import io.patio.observation.PatioCallObservationConvention;
import io.patio.observation.PatioExecutionObservationConvention;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes patio calls with the application's {@link ObservationRegistry}:
 * {@code patio.call} on the caller and {@code patio.task.execution} on the worker. Boot's
 * observation handlers turn them into timers and, with a tracer, into spans that one
 * trace links across processes. {@code management.observations.enable.patio=false} turns
 * both off, through Boot's observation predicate on name prefixes.
 */
@AutoConfiguration(after = PatioAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, PatioBroker.class })
public final class PatioObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservingCallInterceptor patioObservingCallInterceptor(ObservationRegistry registry,
			ObjectProvider<PatioCallObservationConvention> convention) {
		return new ObservingCallInterceptor(registry, convention.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	ObservingExecutionInterceptor patioObservingExecutionInterceptor(ObservationRegistry registry,
			ObjectProvider<PatioExecutionObservationConvention> convention, ObjectProvider<PatioBroker> broker) {
		return new ObservingExecutionInterceptor(registry, convention.getIfUnique(), () -> {
			PatioBroker current = broker.getIfUnique();
			return (current != null) ? current.getType() : "none";
		});
	}

}
