package com.example.loopback;

import io.patio.autoconfigure.ConditionalOnPatioType;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.autoconfigure.PatioProperties;
import io.patio.autoconfigure.PatioTypeContribution;
import io.patio.broker.PatioBroker;
import io.patio.executor.PatioExecutor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds {@code patio.broker.type=loopback}: the contribution tells patio the value exists
 * (so a typo lists it among the valid values), the conditional bean builds the broker
 * when it is chosen.
 */
@AutoConfiguration(before = PatioAutoConfiguration.class)
public final class LoopbackBrokerAutoConfiguration {

	@Bean
	PatioTypeContribution patioLoopbackBrokerType() {
		return PatioTypeContribution.broker("loopback", "com.example:patio-loopback-broker");
	}

	@Bean
	@ConditionalOnPatioType(property = PatioTypeContribution.BROKER_TYPE, value = "loopback")
	@ConditionalOnMissingBean(PatioBroker.class)
	LoopbackBroker patioBroker(PatioExecutor executor, PatioProperties properties) {
		return new LoopbackBroker(executor, properties.getBroker().getTimeout());
	}

}
