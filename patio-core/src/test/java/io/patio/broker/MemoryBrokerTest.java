package io.patio.broker;

import io.patio.call.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.patio.BadArgumentsException;
import io.patio.BrokerNotStartedException;
import io.patio.MathTasks;
import io.patio.MathTasks.Point;
import io.patio.RegistryLockedException;
import io.patio.ResultConversionException;
import io.patio.ShuttingDownException;
import io.patio.UnknownTaskException;
import io.patio.executor.AsyncPatioExecutor;
import io.patio.executor.GateTasks;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryBrokerTest {

	private final Registry registry = new Registry("example");

	private final ThreadPoolPatioExecutor executor;

	private final MemoryBroker broker;

	MemoryBrokerTest() {
		this.registry.registerAnnotated(new MathTasks());
		this.registry.register(null, new MathTasks(), "scale");
		this.registry.register("concat", new MathTasks(), "concat");
		this.registry.register("asyncSquare", new MathTasks(), "asyncSquare");
		this.executor = new ThreadPoolPatioExecutor(this.registry, 4);
		this.broker = new MemoryBroker(this.executor);
	}

	@AfterEach
	void close() {
		this.broker.close();
		this.executor.close();
	}

	@Test
	void theQuickstartHundredConcurrentCalls() {
		this.broker.start();
		List<CompletableFuture<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			calls.add(this.broker.call("mul", Integer.class, 1, 2, 3));
		}
		List<Integer> results = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
			.thenApply((done) -> calls.stream().map(CompletableFuture::join).toList())
			.join();
		assertThat(results).hasSize(100).containsOnly(6);
	}

	@Test
	void positionalCallsKeepTheirTimeoutsShortAndLong() throws Exception {
		Registry registry = new Registry();
		GateTasks gates = new GateTasks();
		registry.register("hold", gates, "hold");
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 2);
		try (MemoryBroker shortBudget = new MemoryBroker(executor, Duration.ofMillis(50));
				MemoryBroker longBudget = new MemoryBroker(executor, Duration.ofSeconds(1))) {
			shortBudget.start();
			longBudget.start();
			for (MemoryBroker broker : List.of(shortBudget, longBudget)) {
				assertThat(broker.call("hold", Integer.class, 1)).failsWithin(Duration.ofSeconds(10))
					.withThrowableThat()
					.havingRootCause()
					.isInstanceOf(io.patio.TaskTimeoutException.class);
			}
			assertThat(gates.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			gates.gate.countDown();
			executor.shutdown(Duration.ofSeconds(5));
		}
	}

	@Test
	void startingLocksTheRegistry() {
		assertThat(this.registry.isLocked()).isFalse();
		this.broker.start();
		assertThat(this.registry.isLocked()).isTrue();
		assertThatThrownBy(() -> this.registry.register("x", new MathTasks(), "widen"))
			.isInstanceOf(RegistryLockedException.class);
	}

	@Test
	void convertsTheResultToTheRequestedType() {
		this.broker.start();
		assertThat(this.broker.call("mul", Long.class, 2, 3)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(6L);
		assertThat(this.broker.call("mul", Object.class, 2, 3)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(6);
		assertThat(this.broker.call("example.io.patio.MathTasks.scale", new TypeReference<Map<String, Integer>>() {
		}, new Point(1, 2), 2)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Map.of("x", 2, "y", 4));
		assertThat(this.broker.call("asyncSquare", Integer.class, 9)).succeedsWithin(Duration.ofSeconds(5))
			.isEqualTo(81);
		assertThat(this.broker.call("mul", String.class, 2, 3)).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ResultConversionException.class)
			.withMessageContaining("Task 'mul' returned java.lang.Integer");
	}

	@Test
	void callsByMethodReferenceWithoutTheBean() {
		this.broker.start();
		assertThat(this.broker.call(MathTasks::pow, 2, 10)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1024);
		CompletableFuture<Point> scaled = this.broker.call(MathTasks::scale, new Point(1, 1), 3);
		assertThat(scaled).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(new Point(3, 3));
		// Registered under an explicit name: the reference finds it.
		CompletableFuture<Integer> square = this.broker.callAsync(MathTasks::asyncSquare, 5);
		assertThat(square).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(25);
	}

	@Test
	void callsStageTasksByMethodReference() {
		Registry registry = new Registry();
		registry.register(null, new MathTasks(), "asyncSquare");
		try (ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 2);
				MemoryBroker broker = new MemoryBroker(executor)) {
			broker.start();
			CompletableFuture<Integer> value = broker.callAsync(MathTasks::asyncSquare, 6);
			assertThat(value).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(36);
			CompletableFuture<CompletionStage<Integer>> declared = broker.call(MathTasks::asyncSquare, 7);
			assertThat(declared.thenCompose((stage) -> stage)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(49);
		}
	}

	@Test
	void callsWithKeywordArgumentsTimeoutAndHeaders() {
		this.broker.start();
		Call<Integer> call = Call.of("example.io.patio.MathTasks.pow", Integer.class)
			.args(3)
			.kwarg("exponent", 3)
			.timeout(Duration.ofSeconds(2))
			.header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		assertThat(this.broker.call(call)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(27);
	}

	@Test
	void badArgumentsAndUnknownTasksFailWithTypedErrors() {
		this.broker.start();
		assertThat(this.broker.call("mul", Integer.class, "2", 3)).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(BadArgumentsException.class);
		assertThat(this.broker.call("div", Integer.class, 2, 3)).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(UnknownTaskException.class);
	}

	@Test
	void aCallMadeBeforeStartWaitsForTheStart() {
		CompletableFuture<Integer> early = this.broker.call("mul", Integer.class, 2, 21);
		assertThat(early).isNotDone();
		this.broker.start();
		assertThat(early).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(42);
	}

	@Test
	void aCallMadeBeforeStartFailsWhenTheBrokerDoesNotStartWithinItsTimeout() {
		CompletableFuture<Integer> early = this.broker
			.call(Call.of("mul", Integer.class).args(2).timeout(Duration.ofMillis(50)));
		assertThat(early).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(BrokerNotStartedException.class)
			.withMessageContaining("did not start within the timeout");
	}

	@Test
	void callsAfterCloseOrWaitingWhenItClosesFailAsShuttingDown() {
		CompletableFuture<Integer> waiting = this.broker.call("mul", Integer.class, 2);
		this.broker.close();
		assertThat(waiting).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ShuttingDownException.class);
		assertThat(this.broker.isRunning()).isFalse();
		assertThat(this.broker.call("mul", Integer.class, 2)).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ShuttingDownException.class);
	}

	@Test
	void worksOverTheAsyncExecutor() {
		Registry async = new Registry();
		async.register("square", new MathTasks(), "asyncSquare");
		try (AsyncPatioExecutor executor = new AsyncPatioExecutor(async);
				MemoryBroker broker = new MemoryBroker(executor)) {
			broker.start();
			assertThat(broker.call("square", Integer.class, 12)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(144);
		}
	}

	@Test
	void startingWithAnAsyncExecutorAndPlainTasksFails() {
		try (AsyncPatioExecutor executor = new AsyncPatioExecutor(this.registry);
				MemoryBroker broker = new MemoryBroker(executor)) {
			assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("MathTasks#mul(int[])");
		}
	}

	@Test
	void overTheNullExecutorCallsFailClearly() {
		try (NullPatioExecutor executor = new NullPatioExecutor(this.registry);
				MemoryBroker broker = new MemoryBroker(executor)) {
			broker.start();
			assertThat(broker.call("mul", Integer.class, 2)).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(UnknownTaskException.class)
				.withMessageContaining("runs no tasks");
		}
	}

}
