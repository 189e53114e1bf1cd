package io.patio.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.PatioBroker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The {@code patio} health contributor: a composite of {@code executor}
 * ({@link PatioExecutorHealthIndicator}) and {@code broker}
 * ({@link PatioBrokerHealthIndicator}). On by default;
 * {@code management.health.patio.enabled=false} switches it off.
 */
@AutoConfiguration(after = PatioAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(PatioBroker.class)
@ConditionalOnEnabledHealthIndicator("patio")
public final class PatioHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "patioHealthContributor")
	CompositeHealthContributor patioHealthContributor(PatioBroker broker) {
		Map<String, HealthContributor> contributors = new LinkedHashMap<>();
		contributors.put("executor", new PatioExecutorHealthIndicator(broker.getExecutor()));
		contributors.put("broker", new PatioBrokerHealthIndicator(broker));
		return CompositeHealthContributor.fromMap(contributors);
	}

}
