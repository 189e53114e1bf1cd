package io.patio.autoconfigure.health;

import java.time.Duration;
import java.util.Map;

import io.patio.autoconfigure.ObservedTasks;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.AbstractPatioBroker;
import io.patio.broker.BrokerDescription;
import io.patio.broker.BrokerHealth;
import io.patio.broker.PatioBroker;
import io.patio.call.CallRequest;
import io.patio.executor.PatioExecutor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PatioHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(PatioAutoConfiguration.class, PatioHealthContributorAutoConfiguration.class))
		.withUserConfiguration(ObservedTasks.ObservedTasksConfiguration.class);

	@Test
	void patioHealthIsOnByDefaultAsACompositeOfExecutorAndBroker() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("patioHealthContributor");
			CompositeHealthContributor patio = context.getBean("patioHealthContributor",
					CompositeHealthContributor.class);
			assertThat(patio.getContributor("executor")).isInstanceOf(PatioExecutorHealthIndicator.class);
			assertThat(patio.getContributor("broker")).isInstanceOf(PatioBrokerHealthIndicator.class);
		});
	}

	@Test
	void patioHealthBacksOffWhenSwitchedOff() {
		this.runner.withPropertyValues("management.health.patio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("patioHealthContributor"));
	}

	@Test
	void patioHealthBacksOffWhenAllDefaultIndicatorsAreOff() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("patioHealthContributor"));
	}

	@Test
	void patioHealthBacksOffWithoutTheHealthModule() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthContributor.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("patioHealthContributor");
		});
	}

	@Test
	void executorIsUpWithSaturationAndDownOnceShutDown() {
		this.runner.run((context) -> {
			HealthIndicator executor = indicator(
					context.getBean("patioHealthContributor", CompositeHealthContributor.class), "executor");
			Health up = executor.health();
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("type", "thread-pool")
				.containsEntry("maxWorkers", 4)
				.containsEntry("queueCapacity", 10_000)
				.containsEntry("saturation", 0.0);
			context.getBean(PatioExecutor.class).shutdown(Duration.ofSeconds(1));
			Health down = executor.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("reason", "the executor has shut down");
		});
	}

	@Test
	void memoryBrokerIsUpWhileRunningAndDownOnceClosed() {
		this.runner.run((context) -> {
			HealthIndicator broker = indicator(
					context.getBean("patioHealthContributor", CompositeHealthContributor.class), "broker");
			PatioBroker patioBroker = context.getBean(PatioBroker.class);
			patioBroker.start();
			assertThat(broker.health().getStatus()).isEqualTo(Status.UP);
			assertThat(broker.health().getDetails()).containsEntry("type", "memory");
			patioBroker.close();
			assertThat(broker.health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void brokerThatDescribesItselfReportsItsOwnHealth() {
		this.runner.withUserConfiguration(DescribedBrokerConfiguration.class).run((context) -> {
			HealthIndicator broker = indicator(
					context.getBean("patioHealthContributor", CompositeHealthContributor.class), "broker");
			context.getBean(PatioBroker.class).start();
			Health health = broker.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("type", "tcp-client").containsEntry("connected", 0);
		});
	}

	private static HealthIndicator indicator(CompositeHealthContributor composite, String name) {
		return (HealthIndicator) composite.getContributor(name);
	}

	@Configuration(proxyBeanMethods = false)
	static class DescribedBrokerConfiguration {

		@Bean
		PatioBroker patioBroker(PatioExecutor executor) {
			return new DescribedBroker(executor);
		}

	}

	/** Stands in for a TCP client with no server connected. */
	static class DescribedBroker extends AbstractPatioBroker implements BrokerDescription {

		DescribedBroker(PatioExecutor executor) {
			super(executor, null);
		}

		@Override
		public String getType() {
			return "tcp-client";
		}

		@Override
		protected java.util.concurrent.CompletableFuture<Object> dispatch(CallRequest request) {
			return getExecutor().execute(request);
		}

		@Override
		public Map<String, Object> details() {
			return Map.of("servers", java.util.List.of());
		}

		@Override
		public BrokerHealth health() {
			return BrokerHealth.down(Map.of("connected", 0));
		}

	}

}
