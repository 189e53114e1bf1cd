package io.patio.autoconfigure.rabbitmq;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.autoconfigure.health.PatioHealthContributorAutoConfiguration;
import io.patio.broker.PatioBroker;
import io.patio.broker.rabbitmq.RabbitBroker;
import io.patio.broker.rabbitmq.RabbitBrokerOptions;
import io.patio.broker.rabbitmq.RedeliveredCalls;
import io.patio.registry.PatioTask;
import io.patio.testsupport.RabbitMq;
import io.patio.testsupport.RabbitMqExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.micrometer.core.instrument.MeterRegistry;
import io.patio.autoconfigure.metrics.PatioMetricsAutoConfiguration;
import io.patio.autoconfigure.metrics.PatioObservationAutoConfiguration;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * patio.broker.type=rabbitmq on Boot's spring.rabbitmq.* connection, against a real node.
 */
@Timeout(180)
@ExtendWith(RabbitMqExtension.class)
class PatioRabbitBrokerAutoConfigurationTests {

	private static final String TASK = "boot-rabbit-mul";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RabbitAutoConfiguration.class,
				PatioRabbitBrokerAutoConfiguration.class, PatioAutoConfiguration.class,
				PatioHealthContributorAutoConfiguration.class))
		.withUserConfiguration(BootTasks.class);

	private RabbitMq rabbit;

	@BeforeEach
	void rabbit(RabbitMq rabbit) {
		this.rabbit = rabbit;
	}

	@Test
	void rabbitmqIsThePatioBrokerOnBootsConnectionAndServesItsTasks() {
		this.runner
			.withPropertyValues("patio.broker.type=rabbitmq", "spring.rabbitmq.addresses=" + this.rabbit.uri(),
					"patio.broker.rabbitmq.redelivered=run", "patio.broker.rabbitmq.prefetch=7",
					"patio.broker.rabbitmq.max-in-flight=9", "patio.broker.timeout=12s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RabbitBroker broker = (RabbitBroker) context.getBean(PatioBroker.class);
				assertThat(broker.isRunning()).isTrue();
				RabbitBrokerOptions options = broker.getOptions();
				assertThat(options.serializer()).isEqualTo("json");
				assertThat(options.redelivered()).isEqualTo(RedeliveredCalls.RUN);
				assertThat(options.prefetch()).isEqualTo(7);
				assertThat(options.maxInFlight()).isEqualTo(9);
				assertThat(options.defaultTimeout()).hasSeconds(12);
				assertThat(broker.call(TASK, Integer.class, 6, 7).get(30, TimeUnit.SECONDS)).isEqualTo(42);
				assertThat(broker.details()).containsEntry("connected", true)
					.extractingByKey("worker")
					.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsEntry("prefetch", 7)
					.containsEntry("queues", java.util.List.of(TASK));
				assertThat(broker.health().up()).isTrue();
				assertThat(context.getBean("patioHealthContributor", CompositeHealthContributor.class)).isNotNull();
			});
	}

	@Test
	void credentialsAndVirtualHostComeFromSpringRabbitmqAndNeverShow() {
		Assumptions.assumeTrue(this.rabbit.isPrivate(), "adds a user and a virtual host with rabbitmqctl");
		String user = "patio-" + UUID.randomUUID().toString().substring(0, 8);
		String password = "pw-" + UUID.randomUUID();
		this.rabbit.ctl("add_vhost", user);
		this.rabbit.ctl("add_user", user, password);
		this.rabbit.ctl("set_permissions", "-p", user, user, ".*", ".*", ".*");
		this.runner
			.withPropertyValues("patio.broker.type=rabbitmq", "spring.rabbitmq.host=127.0.0.1",
					"spring.rabbitmq.port=" + this.rabbit.amqpPort(), "spring.rabbitmq.username=" + user,
					"spring.rabbitmq.password=" + password, "spring.rabbitmq.virtual-host=" + user)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RabbitBroker broker = (RabbitBroker) context.getBean(PatioBroker.class);
				assertThat(broker.call(TASK, Integer.class, 3, 4).get(30, TimeUnit.SECONDS)).isEqualTo(12);
				assertThat(broker.details()).containsEntry("virtualHost", user);
				assertThat(broker.details().toString()).doesNotContain(password);
				assertThat(broker.health().details().toString()).doesNotContain(password);
			});
		assertThat(this.rabbit.ctl("list_queues", "-p", user, "name")).contains(TASK);
	}

	@Test
	void callsOverRabbitmqAreObservedAndMeteredOnBothSidesAsOverTcp() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(PatioMetricsAutoConfiguration.class, PatioObservationAutoConfiguration.class,
							ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
							CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("patio.broker.type=rabbitmq", "spring.rabbitmq.addresses=" + this.rabbit.uri())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PatioBroker broker = context.getBean(PatioBroker.class);
				assertThat(broker.call(TASK, Integer.class, 6, 7).get(30, TimeUnit.SECONDS)).isEqualTo(42);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(meters.get("patio.call")
						.tags("task", TASK, "outcome", "success", "role", "caller", "broker.type", "rabbitmq")
						.timer()
						.count()).isEqualTo(1);
					assertThat(meters.get("patio.task.execution")
						.tags("task", TASK, "outcome", "success", "role", "worker", "broker.type", "rabbitmq")
						.timer()
						.count()).isEqualTo(1);
					assertThat(meters.get("patio.calls.in-flight").tag("broker.type", "rabbitmq").gauge().value())
						.isZero();
				});
			});
	}

	@Test
	void aWrongPasswordFailsStartupNamingTheCause() {
		Assumptions.assumeTrue(this.rabbit.isPrivate(), "knows the private node's address");
		this.runner
			.withPropertyValues("patio.broker.type=rabbitmq", "spring.rabbitmq.host=127.0.0.1",
					"spring.rabbitmq.port=" + this.rabbit.amqpPort(), "spring.rabbitmq.username=nobody",
					"spring.rabbitmq.password=wrong-password")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("rabbitmq broker could not start")
				.satisfies((failure) -> assertThat(failure.toString()).doesNotContain("wrong-password")));
	}

	@Configuration(proxyBeanMethods = false)
	static class BootTasks {

		@Bean
		Tasks bootRabbitTasks() {
			return new Tasks();
		}

	}

	/** A task under a name no other test class uses on the shared node. */
	public static class Tasks {

		@PatioTask(TASK)
		public int mul(int a, int b) {
			return a * b;
		}

	}

}
