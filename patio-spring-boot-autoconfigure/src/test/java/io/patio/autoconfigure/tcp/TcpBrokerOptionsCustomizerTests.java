package io.patio.autoconfigure.tcp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.autoconfigure.TcpBrokerOptionsCustomizer;
import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.AbstractTcpBroker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customizers adjust the TCP options after the properties, in order, so that a later one
 * wins.
 */
class TcpBrokerOptionsCustomizerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class))
		.withUserConfiguration(CustomizerConfiguration.class)
		.withPropertyValues("patio.broker.tcp.listen=127.0.0.1:0", "patio.broker.tcp.ping-interval=3s",
				"patio.broker.tcp.connect=127.0.0.1:1");

	@Test
	void customizersRunInOrderAfterTheProperties() {
		for (String type : List.of("tcp-server", "tcp-client")) {
			this.runner.withPropertyValues("patio.broker.type=" + type).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CustomizerConfiguration.class).calls).containsExactly("first", "second");
				AbstractTcpBroker broker = (AbstractTcpBroker) context.getBean(PatioBroker.class);
				// both set it; the second, later in order, wins over the first and the
				// property
				assertThat(broker.getOptions().getPingInterval()).isEqualTo(Duration.ofSeconds(7));
				// only the first sets it
				assertThat(broker.getOptions().getEventLoopThreads()).isEqualTo(1);
			});
		}
	}

	@Test
	void aMemoryBrokerCallsNoTcpCustomizer() {
		this.runner.run((context) -> assertThat(context.getBean(CustomizerConfiguration.class).calls).isEmpty());
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		TcpBrokerOptionsCustomizer second() {
			return (builder) -> {
				this.calls.add("second");
				builder.pingInterval(Duration.ofSeconds(7));
			};
		}

		@Bean
		@Order(1)
		TcpBrokerOptionsCustomizer first() {
			return (builder) -> {
				this.calls.add("first");
				builder.pingInterval(Duration.ofSeconds(5)).eventLoopThreads(1);
			};
		}

	}

}
