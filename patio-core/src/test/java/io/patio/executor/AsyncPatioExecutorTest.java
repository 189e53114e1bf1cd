package io.patio.executor;

import io.patio.call.CallRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.patio.MathTasks;
import io.patio.RejectedCallException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class AsyncPatioExecutorTest {

	private final Registry registry = new Registry();

	private final GateTasks gates = new GateTasks();

	private AsyncPatioExecutor executor;

	AsyncPatioExecutorTest() {
		this.registry.register("later", this.gates, "later");
		this.registry.register("now", this.gates, "now");
		this.registry.register("square", new MathTasks(), "asyncSquare");
	}

	@AfterEach
	void shutdown() {
		this.gates.stages.forEach((stage) -> stage.complete(0));
		if (this.executor != null) {
			this.executor.shutdown(Duration.ofSeconds(5));
		}
	}

	private static CallRequest call(String task, Object... args) {
		return CallRequest.of(task, args, null, Duration.ofSeconds(30), null);
	}

	private AsyncPatioExecutor start(int workers, int queue) {
		this.executor = new AsyncPatioExecutor(this.registry, workers, queue);
		this.executor.start();
		return this.executor;
	}

	@Test
	void refusesToStartWhenATaskReturnsAPlainValue() {
		Registry mixed = new Registry();
		mixed.register("mul", new MathTasks(), "mul");
		mixed.register("square", new MathTasks(), "asyncSquare");
		AsyncPatioExecutor async = new AsyncPatioExecutor(mixed);
		assertThatIllegalStateException().isThrownBy(async::start)
			.withMessageContaining("io.patio.MathTasks#mul(int[])")
			.withMessageContaining("patio.executor.type=thread-pool")
			.withMessageNotContaining("asyncSquare");
	}

	@Test
	void runsAHundredConcurrentStages() {
		start(4, 1000);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			calls.add(this.executor.execute(call("square", i)));
		}
		for (int i = 0; i < 100; i++) {
			assertThat(calls.get(i)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(i * i);
		}
		await().untilAsserted(() -> assertThat(this.executor.getStats().completed()).isEqualTo(100));
	}

	@Test
	void keepsAtMostMaxWorkersInFlightThenQueuesThenRejects() {
		start(2, 3);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			calls.add(this.executor.execute(call("later", i)));
		}
		assertThat(this.gates.stages).hasSize(2);
		assertThat(this.executor.getStats().active()).isEqualTo(2);
		assertThat(this.executor.getStats().queued()).isEqualTo(3);
		assertThat(calls.subList(5, 7)).allSatisfy((f) -> assertThat(f).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(RejectedCallException.class));
		// Each completion starts the next queued call, until all five have run.
		for (int i = 0; i < 5; i++) {
			await().until(() -> !this.gates.stages.isEmpty());
			this.gates.stages.poll().complete(10 + i);
		}
		assertThat(calls.subList(0, 5)).allSatisfy((f) -> assertThat(f).succeedsWithin(Duration.ofSeconds(5)));
		assertThat(this.executor.getStats().active()).isZero();
		assertThat(this.executor.getStats().queued()).isZero();
	}

	@Test
	void aQueueOfStagesThatCompleteAtOnceDoesNotRecurse() {
		start(1, 20_000);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		CompletableFuture<Object> first = this.executor.execute(call("later", 0));
		for (int i = 0; i < 20_000; i++) {
			calls.add(this.executor.execute(call("now", i)));
		}
		this.gates.stages.poll().complete(0);
		assertThat(first).succeedsWithin(Duration.ofSeconds(5));
		assertThat(calls.get(19_999)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(19_999);
	}

	@Test
	void aStageThatOutlivesItsTimeoutFailsWithTimeout() {
		start(1, 10);
		CompletableFuture<Object> slow = this.executor
			.execute(CallRequest.of("later", new Object[] { 1 }, null, Duration.ofMillis(50), null));
		assertThat(slow).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class);
		// The slot is free again.
		assertThat(this.executor.execute(call("square", 3))).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(9);
	}

	@Test
	void shutdownFailsPendingStagesAndQueuedCalls() {
		start(1, 10);
		CompletableFuture<Object> inFlight = this.executor.execute(call("later", 1));
		CompletableFuture<Object> queued = this.executor.execute(call("later", 2));
		this.executor.shutdown(Duration.ofMillis(50));
		for (CompletableFuture<Object> call : List.of(inFlight, queued)) {
			assertThat(call).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingRootCause()
				.isInstanceOf(ShuttingDownException.class);
		}
		assertThat(this.executor.getPendingCount()).isZero();
	}

}
