package io.patio.autoconfigure;

import io.patio.registry.PatioTask;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tasks for the Actuator, health and metrics tests. */
public class ObservedTasks {

	@PatioTask("mul")
	public int mul(int a, int b) {
		return a * b;
	}

	@PatioTask("fail")
	public int fail(int a) {
		throw new IllegalArgumentException("no " + a);
	}

	/** Registers {@link ObservedTasks} as a bean. */
	@Configuration(proxyBeanMethods = false)
	public static class ObservedTasksConfiguration {

		@Bean
		ObservedTasks observedTasks() {
			return new ObservedTasks();
		}

	}

}
