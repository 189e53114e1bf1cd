package io.patio.autoconfigure.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.patio.broker.rabbitmq.RabbitBrokerOptions;

/**
 * Pins every {@code patio.broker.rabbitmq.*} default to
 * {@link RabbitBrokerOptions#DEFAULTS}, as {@code PatioPropertiesTests} does for the
 * rest, so that the two never drift apart.
 */
class PatioRabbitPropertiesTests {

	@Test
	void propertiesUseConsistentDefaultValues() {
		PatioRabbitProperties properties = new PatioRabbitProperties();
		RabbitBrokerOptions defaults = RabbitBrokerOptions.DEFAULTS;
		assertThat(properties.getSerializer()).isEqualTo(defaults.serializer());
		assertThat(properties.getRedelivered()).isEqualTo(defaults.redelivered());
		assertThat(properties.getPrefetch()).isEqualTo(defaults.prefetch());
		assertThat(properties.getMaxInFlight()).isEqualTo(defaults.maxInFlight());
		assertThat(properties.getQueue().isDurable()).isEqualTo(defaults.durableQueues());
		assertThat(properties.getQueue().isAutoDelete()).isEqualTo(defaults.autoDeleteQueues());
		assertThat(properties.getQueue().getArguments()).isEqualTo(defaults.queueArguments());
	}

	/** A new property fails here until its default is pinned above. */
	@Test
	void everyPropertyIsPinned() {
		assertThat(setters(PatioRabbitProperties.class)).isEqualTo(4);
		assertThat(setters(PatioRabbitProperties.Queue.class)).isEqualTo(3);
	}

	private static long setters(Class<?> type) {
		return Arrays.stream(type.getDeclaredMethods())
			.filter((method) -> method.getName().startsWith("set") && method.getParameterCount() == 1)
			.count();
	}

}
