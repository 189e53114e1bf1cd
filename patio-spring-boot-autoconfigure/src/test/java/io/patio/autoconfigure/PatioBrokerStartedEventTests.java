package io.patio.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpServerBroker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle says when the broker has started, and where it listens. */
class PatioBrokerStartedEventTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class))
		.withUserConfiguration(ListenerConfiguration.class);

	@Test
	void aMemoryBrokerStartsListeningNowhere() {
		this.runner.run((context) -> {
			List<PatioBrokerStartedEvent> events = context.getBean(StartedEvents.class).events;
			assertThat(events).singleElement().satisfies((event) -> {
				assertThat(event.getBroker()).isSameAs(context.getBean(PatioBroker.class));
				assertThat(event.getBroker().isRunning()).isTrue();
				assertThat(event.getBoundAddresses()).isEmpty();
			});
		});
	}

	@Test
	void aTcpServerStartsWithTheAddressesItIsBoundTo() {
		this.runner.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0")
			.run((context) -> {
				TcpServerBroker server = context.getBean(TcpServerBroker.class);
				assertThat(context.getBean(StartedEvents.class).events).singleElement().satisfies((event) -> {
					assertThat(event.getBroker()).isSameAs(server);
					assertThat(event.getBoundAddresses()).isEqualTo(server.getBoundAddresses());
					assertThat(event.getBoundAddresses()).singleElement()
						.satisfies((address) -> assertThat(address.getPort()).isPositive());
				});
			});
	}

	static class StartedEvents implements ApplicationListener<PatioBrokerStartedEvent> {

		final List<PatioBrokerStartedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(PatioBrokerStartedEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		@Bean
		StartedEvents startedEvents() {
			return new StartedEvents();
		}

	}

}
