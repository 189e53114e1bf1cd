package io.patio.executor.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.patio.RejectedCallException;
import io.patio.call.CallRequest;
import io.patio.executor.AbstractPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;

/**
 * {@code queue-capacity} means the same for the process pool as for the thread pool: the
 * calls that may wait for a free worker, beyond those running. Each scenario runs on
 * both, with one worker (one thread, or one process running one call at once).
 */
class QueueCapacityTests {

	@TempDir
	Path directory;

	private AbstractPatioExecutor executor;

	@AfterEach
	void shutDown() throws Exception {
		if (this.executor != null) {
			release();
			this.executor.shutdown(Duration.ofSeconds(5));
		}
	}

	private AbstractPatioExecutor start(String type, int queueCapacity) {
		Supplier<AbstractPatioExecutor> executor = switch (type) {
			case "thread-pool" ->
				() -> new ThreadPoolPatioExecutor(new ProcessTasks.Factory().create(), 1, queueCapacity);
			case "process-pool" -> () -> new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
					ProcessPoolOptions.builder()
						.maxWorkers(1)
						.queueCapacity(queueCapacity)
						.registryFactory(ProcessTasks.Factory.class)
						.startupTimeout(Duration.ofSeconds(60))
						.build());
			default -> throw new IllegalArgumentException(type);
		};
		this.executor = executor.get();
		this.executor.start();
		if (this.executor instanceof ProcessPoolPatioExecutor pool) {
			assertThat(pool.awaitReady(Duration.ofSeconds(60))).isTrue();
		}
		return this.executor;
	}

	private Path marker() {
		return this.directory.resolve("release");
	}

	private void release() throws Exception {
		if (!Files.exists(marker())) {
			Files.createFile(marker());
		}
	}

	private CompletableFuture<Object> holdTheWorker() {
		return this.executor.execute(call("awaitFile", marker().toString()));
	}

	private CompletableFuture<Object> mul() {
		return this.executor.execute(call("mul", 6, 7));
	}

	private static CallRequest call(String task, Object... args) {
		return CallRequest.of(task, args, Map.of(), Duration.ofSeconds(60), Map.of());
	}

	private static Throwable cause(CompletableFuture<Object> future) {
		assertThat(future).isCompletedExceptionally();
		try {
			future.get();
			throw new AssertionError("did not fail");
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (InterruptedException ex) {
			throw new AssertionError(ex);
		}
	}

	@Test
	void theOptionsTakeZeroForNoQueueAndRefuseANegativeCapacity() {
		ProcessPoolOptions.Builder options = ProcessPoolOptions.builder().registryFactory(ProcessTasks.Factory.class);
		assertThat(options.queueCapacity(0).build().getQueueCapacity()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> options.queueCapacity(-1))
			.withMessageContaining("queue-capacity must be 0 (no queue) or more, not -1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "thread-pool", "process-pool" })
	void withNoQueueACallFindsAFreeWorkerOrIsRejectedAtOnce(String type) throws Exception {
		start(type, 0);
		assertThat(String.valueOf(mul().get())).as("a free worker takes a call").isEqualTo("42");

		// the worker is free again only a moment after its answer: until then a call with
		// no queue is turned away, so the holding call is tried until one is taken
		CompletableFuture<Object> holding = await().atMost(Duration.ofSeconds(30))
			.until(this::holdTheWorker, (future) -> !future.isCompletedExceptionally());
		await().atMost(Duration.ofSeconds(30)).until(() -> this.executor.getStats().active() == 1);
		long rejectedBefore = this.executor.getStats().rejected();
		CompletableFuture<Object> rejected = mul();
		assertThat(cause(rejected)).isInstanceOf(RejectedCallException.class);
		assertThat(this.executor.getStats().rejected()).isEqualTo(rejectedBefore + 1);
		assertThat(this.executor.getStats().queued()).isZero();

		release();
		assertThat(String.valueOf(holding.get())).isEqualTo("true");
		// once the worker is free again (it takes a moment after the answer), calls run
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mul().handle((result, error) -> "42".equals(String.valueOf(result))).get());
	}

	@ParameterizedTest
	@ValueSource(strings = { "thread-pool", "process-pool" })
	void callsBeyondTheBusyWorkersWaitUpToTheCapacityAndTheNextIsRejected(String type) throws Exception {
		start(type, 1);
		CompletableFuture<Object> holding = holdTheWorker();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.executor.getStats().active() == 1);
		CompletableFuture<Object> waiting = mul();
		CompletableFuture<Object> rejected = mul();
		assertThat(waiting).isNotDone();
		assertThat(this.executor.getStats().queued()).isEqualTo(1);
		assertThat(cause(rejected)).isInstanceOf(RejectedCallException.class);

		release();
		assertThat(String.valueOf(holding.get())).isEqualTo("true");
		assertThat(String.valueOf(waiting.get())).isEqualTo("42");
	}

}
