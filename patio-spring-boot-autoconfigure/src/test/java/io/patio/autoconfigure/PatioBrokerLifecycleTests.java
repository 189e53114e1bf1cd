package io.patio.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.patio.PatioException;
import io.patio.ShuttingDownException;
import io.patio.broker.PatioBroker;
import io.patio.registry.PatioTask;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PatioBrokerLifecycleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class))
		.withUserConfiguration(BlockingTasksConfiguration.class);

	@Test
	void stoppingLetsAPendingCallFinishWithinTheShutdownPhaseTimeout() {
		this.runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=20s").run((context) -> {
			BlockingTasks tasks = context.getBean(BlockingTasks.class);
			PatioBroker broker = context.getBean(PatioBroker.class);
			CompletableFuture<String> call = broker.call("block", String.class);
			assertThat(tasks.started.await(10, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isRunning());
			assertThat(closing).isNotDone();
			tasks.release.countDown();
			assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done");
			closing.get(10, TimeUnit.SECONDS);
			assertThat(broker.getExecutor().isShutdown()).isTrue();
		});
	}

	@Test
	void stoppingFailsCallsStillPendingAfterTheShutdownPhaseTimeout() {
		this.runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200ms").run((context) -> {
			BlockingTasks tasks = context.getBean(BlockingTasks.class);
			PatioBroker broker = context.getBean(PatioBroker.class);
			CompletableFuture<String> call = broker.call("block", String.class);
			assertThat(tasks.started.await(10, TimeUnit.SECONDS)).isTrue();
			try {
				((ConfigurableApplicationContext) context).close();
				// The call ends with an error instead of hanging. Which one depends on a
				// race in
				// patio-core: the interrupted task may fail first (TaskFailedException)
				// or be
				// abandoned first (ShuttingDownException).
				assertThat(call).failsWithin(Duration.ofSeconds(10))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(PatioException.class);
			}
			finally {
				tasks.release.countDown();
			}
		});
	}

	@Test
	void callsAfterStopFailWithShuttingDown() {
		this.runner.run((context) -> {
			PatioBroker broker = context.getBean(PatioBroker.class);
			context.getBean(PatioBrokerLifecycle.class).stop();
			assertThat(broker.call("block", String.class)).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(ShuttingDownException.class);
		});
	}

	public static class BlockingTasks {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@PatioTask("block")
		public String block() throws InterruptedException {
			this.started.countDown();
			this.release.await();
			return "done";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BlockingTasksConfiguration {

		@Bean
		BlockingTasks blockingTasks() {
			return new BlockingTasks();
		}

	}

}
