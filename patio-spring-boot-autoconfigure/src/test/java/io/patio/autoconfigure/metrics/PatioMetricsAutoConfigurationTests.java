package io.patio.autoconfigure.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.patio.RejectedCallException;
import io.patio.autoconfigure.ObservedTasks;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.NullPatioExecutor;
import io.patio.observation.ObservingCallInterceptor;
import io.patio.observation.ObservingExecutionInterceptor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PatioMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class, PatioMetricsAutoConfiguration.class,
				PatioObservationAutoConfiguration.class, ObservationAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class))
		.withUserConfiguration(ObservedTasks.ObservedTasksConfiguration.class);

	@Test
	void executorAndCallMetersAreRegistered() {
		this.runner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters).isInstanceOf(SimpleMeterRegistry.class);
			assertThat(meters.get("patio.executor.pool.max").tag("executor.type", "thread-pool").gauge().value())
				.isEqualTo(4);
			assertThat(meters.get("patio.executor.queue.remaining").gauge().value()).isEqualTo(10_000);
			assertThat(meters.get("patio.executor.active").gauge().value()).isZero();
			assertThat(meters.get("patio.executor.queued").gauge().value()).isZero();
			assertThat(meters.get("patio.executor.calls").functionCounters()).hasSize(3);
			assertThat(meters.get("patio.calls.in-flight").tag("broker.type", "memory").gauge().value()).isZero();
			assertThat(meters.get("patio.calls.rejected").counter().count()).isZero();
		});
	}

	@Test
	void aBrokerWithConnectionsCountsThem() {
		this.runner.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("patio.connections").gauge())
			.as("the memory broker has no connections")
			.isNull());
		this.runner.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				TcpServerBroker server = context.getBean(TcpServerBroker.class);
				assertThat(meters.get("patio.connections").tag("broker.type", "tcp-server").gauge().value()).isZero();
				assertThat(meters.get("patio.calls.late-answers").functionCounter().count()).isZero();
				try (TcpClientBroker client = new TcpClientBroker(new NullPatioExecutor(Registry.builder().build()),
						TcpBrokerOptions.defaults(), "127.0.0.1:" + server.getPort())) {
					client.connect(Duration.ofSeconds(5));
					await().atMost(Duration.ofSeconds(5))
						.untilAsserted(() -> assertThat(meters.get("patio.connections").gauge().value()).isEqualTo(1));
				}
			});
	}

	@Test
	void callsAreCountedAndTimedOnBothSides() {
		this.runner.run((context) -> {
			PatioBroker broker = context.getBean(PatioBroker.class);
			assertThat(broker.call("mul", Integer.class, 6, 7).get(5, TimeUnit.SECONDS)).isEqualTo(42);
			broker.call("fail", Integer.class, 1).exceptionally((ex) -> null).get(5, TimeUnit.SECONDS);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(meters.get("patio.executor.calls").tag("outcome", "completed").functionCounter().count())
					.isEqualTo(1);
				assertThat(meters.get("patio.executor.calls").tag("outcome", "failed").functionCounter().count())
					.isEqualTo(1);
				assertThat(meters.get("patio.call")
					.tags("task", "mul", "outcome", "success", "role", "caller", "broker.type", "memory")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("patio.call").tags("task", "fail", "outcome", "task-failed").timer().count())
					.isEqualTo(1);
				assertThat(meters.get("patio.task.execution")
					.tags("task", "mul", "outcome", "success", "role", "worker", "broker.type", "memory")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("patio.calls.in-flight").gauge().value()).isZero();
			});
		});
	}

	@Test
	void rejectedCallsAreCounted() {
		this.runner.withPropertyValues("patio.executor.max-workers=1", "patio.executor.queue-capacity=0")
			.withUserConfiguration(BlockingTasks.Configuration.class)
			.run((context) -> {
				PatioBroker broker = context.getBean(PatioBroker.class);
				BlockingTasks tasks = context.getBean(BlockingTasks.class);
				var blocked = broker.call("block", Integer.class);
				tasks.started.await(5, TimeUnit.SECONDS);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("patio.calls.in-flight").gauge().value()).isEqualTo(1);
				var rejected = broker.call("block", Integer.class);
				await().atMost(Duration.ofSeconds(5)).until(rejected::isDone);
				assertThat(rejected).failsWithin(Duration.ZERO)
					.withThrowableOfType(java.util.concurrent.ExecutionException.class)
					.withCauseInstanceOf(RejectedCallException.class);
				tasks.release.countDown();
				assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(1);
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					assertThat(meters.get("patio.calls.rejected").counter().count()).isEqualTo(1);
					assertThat(meters.get("patio.executor.calls").tag("outcome", "rejected").functionCounter().count())
						.isEqualTo(1);
					assertThat(meters.get("patio.call").tags("task", "block", "outcome", "rejected").timer().count())
						.isEqualTo(1);
				});
			});
	}

	@Test
	void observationsAreSwitchedOffByTheManagementProperty() {
		this.runner.withPropertyValues("management.observations.enable.patio=false").run((context) -> {
			PatioBroker broker = context.getBean(PatioBroker.class);
			assertThat(broker.call("mul", Integer.class, 6, 7).get(5, TimeUnit.SECONDS)).isEqualTo(42);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> meters.get("patio.executor.calls")
					.tag("outcome", "completed")
					.functionCounter()
					.count() == 1);
			assertThat(meters.find("patio.call").meters()).isEmpty();
			assertThat(meters.find("patio.task.execution").meters()).isEmpty();
			// The gauges and counters stay: only the observations are off.
			assertThat(meters.find("patio.calls.in-flight").gauge()).isNotNull();
		});
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class, PatioMetricsAutoConfiguration.class,
					PatioObservationAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, ObservationRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PatioExecutorMetrics.class);
				assertThat(context).doesNotHaveBean(PatioCallMetrics.class);
				assertThat(context).doesNotHaveBean(ObservingCallInterceptor.class);
				assertThat(context).doesNotHaveBean(ObservingExecutionInterceptor.class);
			});
	}

	@Test
	void metricsBackOffWithoutRegistryBeans() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class,
				PatioMetricsAutoConfiguration.class, PatioObservationAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PatioExecutorMetrics.class);
				assertThat(context).doesNotHaveBean(ObservingCallInterceptor.class);
			});
	}

	@Test
	void observationsOnlyWhenThereIsNoMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class, PatioMetricsAutoConfiguration.class,
					PatioObservationAutoConfiguration.class, ObservationAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PatioExecutorMetrics.class);
				assertThat(context).hasSingleBean(ObservingCallInterceptor.class);
				assertThat(context).hasSingleBean(ObservingExecutionInterceptor.class);
			});
	}

	/** A task that holds its worker until released. */
	public static class BlockingTasks {

		final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

		final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

		@io.patio.registry.PatioTask("block")
		public int block() throws InterruptedException {
			this.started.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			return 1;
		}

		@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
		static class Configuration {

			@org.springframework.context.annotation.Bean
			BlockingTasks blockingTasks() {
				return new BlockingTasks();
			}

		}

	}

}
