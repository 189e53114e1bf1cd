package io.patio.autoconfigure;

import io.patio.broker.PatioBroker;
import io.patio.executor.PatioExecutor;
import io.patio.serializer.Serializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Imported after every configuration that contributes a type: when none of them built the
 * executor, broker or serializer that the properties ask for, no module on the class path
 * provides the value, and startup fails with {@link PatioTypeNotProvidedException}.
 * <p>
 * These beans are singletons, so the check runs at startup whether or not anything uses
 * the bean, as a value the binder rejected did when the properties were enums.
 */
@Configuration(proxyBeanMethods = false)
class PatioTypeFallbackConfiguration {

	@Bean
	@ConditionalOnMissingBean(PatioExecutor.class)
	PatioExecutor patioExecutor(Environment environment, ObjectProvider<PatioTypeContribution> contributions) {
		throw notProvided(PatioTypeContribution.EXECUTOR_TYPE, environment, contributions);
	}

	@Bean
	@ConditionalOnMissingBean(PatioBroker.class)
	PatioBroker patioBroker(Environment environment, ObjectProvider<PatioTypeContribution> contributions) {
		throw notProvided(PatioTypeContribution.BROKER_TYPE, environment, contributions);
	}

	@Bean
	@ConditionalOnMissingBean(Serializer.class)
	Serializer patioTcpSerializer(Environment environment, ObjectProvider<PatioTypeContribution> contributions) {
		throw notProvided(PatioTypeContribution.TCP_SERIALIZER, environment, contributions);
	}

	private static PatioTypeNotProvidedException notProvided(String property, Environment environment,
			ObjectProvider<PatioTypeContribution> contributions) {
		return new PatioTypeNotProvidedException(property, environment.getProperty(property),
				contributions.orderedStream().toList());
	}

}
