package io.patio.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.patio.broker.PatioBroker;
import io.patio.executor.process.ProcessPoolOptions;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customizers adjust the process pool's options after the properties, in order, so that a
 * later one wins. The broker is not started here, so no worker process runs.
 */
class ProcessPoolOptionsCustomizerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class))
		.withUserConfiguration(CustomizerConfiguration.class)
		.withPropertyValues("patio.executor.type=process-pool",
				"patio.executor.process.application-class=com.example.App",
				"patio.executor.process.startup-timeout=3s");

	@Test
	void customizersRunInOrderAfterTheProperties() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(CustomizerConfiguration.class).calls).containsExactly("first", "second");
			ProcessPoolOptions options = context.getBean(ProcessPoolPatioExecutor.class).getOptions();
			// both set it; the second, later in order, wins
			assertThat(options.getStopGrace()).isEqualTo(Duration.ofSeconds(9));
			// only the first sets it; the property stays where no customizer changes it
			assertThat(options.getEnvironment()).containsEntry("PATIO_TEST", "1");
			assertThat(options.getStartupTimeout()).isEqualTo(Duration.ofSeconds(3));
		});
	}

	@Test
	void queueCapacityZeroMeansNoQueueAsForTheThreadPool() {
		this.runner.withPropertyValues("patio.executor.queue-capacity=0").run((context) -> {
			ProcessPoolPatioExecutor pool = context.getBean(ProcessPoolPatioExecutor.class);
			assertThat(pool.getOptions().getQueueCapacity()).isZero();
			assertThat(pool.getQueueCapacity()).isZero();
			assertThat(pool.getStats().queueCapacity()).isZero();
		});
	}

	@Test
	void anotherExecutorCallsNoProcessPoolCustomizer() {
		this.runner.withPropertyValues("patio.executor.type=thread-pool")
			.run((context) -> assertThat(context.getBean(CustomizerConfiguration.class).calls).isEmpty());
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		ProcessPoolOptionsCustomizer second() {
			return (builder) -> {
				this.calls.add("second");
				builder.stopGrace(Duration.ofSeconds(9));
			};
		}

		@Bean
		@Order(1)
		ProcessPoolOptionsCustomizer first() {
			return (builder) -> {
				this.calls.add("first");
				builder.stopGrace(Duration.ofSeconds(4)).environment("PATIO_TEST", "1");
			};
		}

		/** Keeps the broker, and so the pool, from starting: no worker process here. */
		@Bean
		PatioBrokerLifecycle patioBrokerLifecycle(PatioBroker broker) {
			return new PatioBrokerLifecycle(broker, Duration.ZERO) {

				@Override
				public boolean isAutoStartup() {
					return false;
				}

			};
		}

	}

}
