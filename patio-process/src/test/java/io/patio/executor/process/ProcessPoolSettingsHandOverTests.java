package io.patio.executor.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The settings reach a worker through its stdin without holding the pool's lock: a worker
 * that never reads them leaves the pool responsive, and it is killed at the startup
 * timeout as a startup failure.
 */
class ProcessPoolSettingsHandOverTests {

	private ProcessPoolPatioExecutor pool;

	private Thread starter;

	private long pid = -1;

	@AfterEach
	void shutDown() throws InterruptedException {
		if (this.pool != null) {
			CompletableFuture.runAsync(() -> this.pool.shutdown(Duration.ZERO));
		}
		// whatever state the pool is in, no worker of this test outlives it
		ProcessHandle.current()
			.children()
			.filter((child) -> child.pid() == this.pid
					|| child.info().commandLine().orElse("").contains(NeverReadsStdin.class.getName()))
			.forEach(ProcessHandle::destroyForcibly);
		if (this.starter != null) {
			this.starter.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	@Test
	void aWorkerThatNeverReadsItsSettingsNeitherBlocksThePoolNorOutlivesTheStartupTimeout() throws Exception {
		// four times the pipe's buffer: the write cannot complete before the worker reads
		Map<String, String> settings = Map.of("patio.test.large", "x".repeat(256 * 1024));
		this.pool = new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
				ProcessPoolOptions.builder()
					.maxWorkers(1)
					.startupTimeout(Duration.ofSeconds(2))
					.restartDelay(Duration.ofMinutes(10))
					.restartMaxDelay(Duration.ofMinutes(10))
					.workerProperties(settings)
					// after the factory, which names its own main class
					.registryFactory(ProcessTasks.Factory.class)
					.workerMain(NeverReadsStdin.class.getName(), List.of())
					.build());
		CountDownLatch started = new CountDownLatch(1);
		this.starter = new Thread(() -> {
			this.pool.start();
			started.countDown();
		}, "starter");
		this.starter.setDaemon(true);
		this.starter.start();
		// the pool answers while the settings wait in the pipe
		await().atMost(Duration.ofSeconds(20)).until(() -> !promptly(this.pool::getWorkers).isEmpty());
		this.pid = promptly(this.pool::getWorkers).get(0).pid();
		assertThat(ProcessHandle.of(this.pid)).isPresent();
		assertThat(promptly(this.pool::getStats).maxWorkers()).isEqualTo(1);
		assertThat(started.await(20, TimeUnit.SECONDS)).as("start() returns after the startup timeout").isTrue();
		await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(this.pid).isEmpty());
		await().atMost(Duration.ofSeconds(20)).until(() -> this.pool.getStartupFailures() >= 1);
		assertThat(promptly(this.pool::unavailableReason)).contains("startup timeout");
		CompletableFuture.runAsync(() -> this.pool.shutdown(Duration.ofSeconds(1))).get(10, TimeUnit.SECONDS);
	}

	/** What {@code call} returns, within 10 seconds: the pool's lock is not held long. */
	private static <T> T promptly(Supplier<T> call) throws Exception {
		return CompletableFuture.supplyAsync(call).get(10, TimeUnit.SECONDS);
	}

	/** A worker main class that never reads its settings. */
	public static final class NeverReadsStdin {

		private NeverReadsStdin() {
		}

		public static void main(String[] args) throws InterruptedException {
			// never outlives a test that could not kill it
			new CountDownLatch(1).await(2, TimeUnit.MINUTES);
		}

	}

}
