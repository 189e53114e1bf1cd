package io.patio.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.patio.executor.process.ProcessPoolOptions;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.executor.process.RegistryFactory;
import io.patio.registry.Registry;

/** A process pool whose workers cannot start is DOWN, and says why. */
class ProcessPoolHealthTests {

	@Test
	void downWhileNoWorkerCanStart() {
		ProcessPoolPatioExecutor pool = new ProcessPoolPatioExecutor(new Registry(),
				ProcessPoolOptions.builder()
					.maxWorkers(1)
					.startupTimeout(Duration.ofSeconds(1))
					.restartDelay(Duration.ofMillis(200))
					.registryFactory(NeverStarts.class)
					.build());
		try {
			pool.start();
			await().atMost(Duration.ofSeconds(20)).until(() -> pool.getStartupFailures() >= 1);
			Health health = new PatioExecutorHealthIndicator(pool).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("type", "process-pool")
				.containsEntry("state", "backing-off")
				.containsKey("workers");
			assertThat(health.getDetails().get("reason").toString()).contains("no worker process can start");
		}
		finally {
			pool.shutdown(Duration.ZERO);
		}
	}

	public static final class NeverStarts implements RegistryFactory {

		@Override
		public Registry create() {
			throw new IllegalStateException("this worker never starts");
		}

	}

}
