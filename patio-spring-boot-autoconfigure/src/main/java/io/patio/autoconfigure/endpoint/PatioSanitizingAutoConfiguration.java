package io.patio.autoconfigure.endpoint;

import io.patio.actuate.endpoint.PatioKeySanitizingFunction;
import io.patio.autoconfigure.PatioProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Masks the shared key ({@code patio.broker.tcp.key}) in {@code /actuator/env},
 * {@code /actuator/configprops} and every other endpoint that sanitizes values, whatever
 * their {@code show-values} setting says: see {@link PatioKeySanitizingFunction}. Active
 * whenever Actuator is on the class path; it cannot be switched off.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class PatioSanitizingAutoConfiguration {

	@Bean
	static PatioKeySanitizingFunction patioKeySanitizingFunction(Environment environment,
			ObjectProvider<PatioProperties> properties, ObjectProvider<SanitizingFunction> functions) {
		return new PatioKeySanitizingFunction(environment, () -> {
			PatioProperties bound = properties.getIfAvailable();
			return (bound != null) ? bound.getBroker().getTcp().getKey() : null;
		}, () -> functions.orderedStream().toList());
	}

}
