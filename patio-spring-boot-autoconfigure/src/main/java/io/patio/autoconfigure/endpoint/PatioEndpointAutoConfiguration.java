package io.patio.autoconfigure.endpoint;

import io.patio.actuate.endpoint.PatioEndpoint;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.PatioBroker;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code /actuator/patio} endpoint ({@link PatioEndpoint}), when Actuator is on the
 * class path, the application has a {@link PatioBroker} and the endpoint is available
 * (enabled and exposed, e.g.
 * {@code management.endpoints.web.exposure.include=health,patio}).
 */
@AutoConfiguration(after = PatioAutoConfiguration.class)
@ConditionalOnClass({ org.springframework.boot.actuate.endpoint.annotation.Endpoint.class,
		ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(PatioEndpoint.class)
@ConditionalOnBean(PatioBroker.class)
public final class PatioEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PatioEndpoint patioEndpoint(PatioBroker broker) {
		return new PatioEndpoint(broker);
	}

}
