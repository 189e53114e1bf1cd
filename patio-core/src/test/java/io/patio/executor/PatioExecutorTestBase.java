package io.patio.executor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.patio.MathTasks;
import io.patio.ShuttingDownException;
import io.patio.call.CallRequest;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the tests of every executor that runs calls in this JVM share: a registry of
 * {@link MathTasks} and {@link GateTasks}, the executor under test (shut down after each
 * test) and the tests of its shutdown, which every such executor must pass alike. A
 * subclass says how to make its executor, and registers more tasks in its constructor.
 *
 * @param <E> the type of the executor under test
 */
abstract class PatioExecutorTestBase<E extends AbstractPatioExecutor> {

	protected final Registry registry = new Registry();

	protected final GateTasks gates = new GateTasks();

	protected E executor;

	PatioExecutorTestBase() {
		this.registry.register("mul", new MathTasks(), "mul");
		this.registry.register("hold", this.gates, "hold");
		this.registry.register("later", this.gates, "later");
		this.registry.register("spin", this.gates, "spin");
		this.registry.register("interruptedWhile", this.gates, "interruptedWhile");
		InlineTasks inline = new InlineTasks();
		this.registry.register("inlineThread", inline, "inlineThread");
		this.registry.register("workerThread", inline, "thread");
		this.registry.register("inlineFailure", inline, "inlineFailure");
	}

	/**
	 * A new executor of the type under test, over {@code registry}, not started.
	 * @param registry the tasks it runs
	 * @param workers how many calls run at once
	 * @param queue how many calls wait beyond those
	 * @return the executor
	 */
	protected abstract E newExecutor(Registry registry, int workers, int queue);

	@AfterEach
	void shutdown() {
		this.gates.gate.countDown();
		if (this.executor != null) {
			this.executor.shutdown(Duration.ofSeconds(5));
		}
	}

	protected E start(int workers, int queue) {
		this.executor = newExecutor(this.registry, workers, queue);
		this.executor.start();
		return this.executor;
	}

	protected static CallRequest call(String task, Object... args) {
		return call(task, Duration.ofSeconds(30), args);
	}

	protected static CallRequest call(String task, Duration timeout, Object... args) {
		return CallRequest.of(task, args, null, timeout, null);
	}

	@Test
	void anInlineTaskRunsOnTheCallersThreadEvenWhileEveryWorkerIsBusy() throws Exception {
		start(1, 1);
		CompletableFuture<Object> holding = this.executor.execute(call("hold", 1));
		assertThat(this.gates.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		// the one worker is held: an inline call is done before execute returns, here
		CompletableFuture<Object> inline = this.executor.execute(call("inlineThread"));
		assertThat(inline).isCompletedWithValue(Thread.currentThread().getName());
		CompletableFuture<Object> failing = this.executor.execute(call("inlineFailure"));
		assertThat(failing).isCompletedExceptionally();
		assertThat(failing).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("an inline task failed");
		assertThat(this.executor.getTaskStats().get("inlineThread").completed()).isEqualTo(1);
		assertThat(this.executor.getTaskStats().get("inlineFailure").failed()).isEqualTo(1);
		// a task not declared inline still waits for the worker
		CompletableFuture<Object> queued = this.executor.execute(call("workerThread"));
		assertThat(queued).isNotDone();
		this.gates.gate.countDown();
		assertThat(holding).succeedsWithin(Duration.ofSeconds(10));
		assertThat(queued).succeedsWithin(Duration.ofSeconds(10)).isNotEqualTo(Thread.currentThread().getName());
	}

	/**
	 * A call that comes encoded off a wire is decoded by the thread that runs its task,
	 * with its budget counted from when it was accepted: a queued one that waits its
	 * budget out fails with a timeout there, undecoded, and is never run.
	 */
	@Test
	void aCallThatComesEncodedIsDecodedWhereItsTaskRuns() throws Exception {
		start(1, 10);
		java.util.concurrent.ConcurrentLinkedQueue<String> decodedOn = new java.util.concurrent.ConcurrentLinkedQueue<>();
		CompletableFuture<Object> call = this.executor.execute("workerThread", Duration.ofSeconds(30), () -> {
			decodedOn.add(Thread.currentThread().getName());
			return new io.patio.serializer.CallPayload("workerThread", List.of(), java.util.Map.of(), 30.0, null);
		});
		assertThat(call).succeedsWithin(Duration.ofSeconds(10)).isNotEqualTo(Thread.currentThread().getName());
		assertThat(decodedOn).containsExactly((String) call.join());
		CompletableFuture<Object> holding = this.executor.execute(call("hold", 1));
		assertThat(this.gates.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		java.util.concurrent.atomic.AtomicInteger decoded = new java.util.concurrent.atomic.AtomicInteger();
		CompletableFuture<Object> queued = this.executor.execute("mul", Duration.ofMillis(20), () -> {
			decoded.incrementAndGet();
			return new io.patio.serializer.CallPayload("mul", List.of(2, 3), java.util.Map.of(), 0.02, null);
		});
		// while the one worker is still held
		assertThat(queued).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(io.patio.TaskTimeoutException.class);
		assertThat(holding).isNotDone();
		this.gates.gate.countDown();
		assertThat(holding).succeedsWithin(Duration.ofSeconds(10));
		assertThat(decoded).hasValue(0);
		assertThat(this.executor.getTaskStats().get("mul").completed()).isZero();
	}

	@Test
	void shutdownDrainsQueuedCallsWithinTheGracePeriod() throws Exception {
		start(1, 10);
		CompletableFuture<Object> running = this.executor.execute(call("hold", 1));
		CompletableFuture<Object> queued = this.executor.execute(call("mul", 2, 3));
		assertThat(this.gates.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> stopping = CompletableFuture
			.runAsync(() -> this.executor.shutdown(Duration.ofSeconds(30)));
		await().until(this.executor::isShutdown);
		assertThat(this.executor.execute(call("mul", 1))).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(ShuttingDownException.class);
		this.gates.gate.countDown();
		assertThat(stopping).succeedsWithin(Duration.ofSeconds(30));
		assertThat(running).isCompletedWithValue(1);
		assertThat(queued).isCompletedWithValue(6);
	}

	@Test
	void shutdownFailsAndInterruptsWhatIsStillPendingAfterTheGracePeriod() throws Exception {
		start(1, 10);
		CompletableFuture<Object> running = this.executor.execute(call("hold", 1));
		CompletableFuture<Object> queued = this.executor.execute(call("mul", 2, 3));
		CompletableFuture<Object> stage = this.executor.execute(call("later", 2));
		assertThat(this.gates.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		this.executor.shutdown(Duration.ofMillis(50));
		for (CompletableFuture<Object> call : List.of(running, queued, stage)) {
			assertThat(call).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingRootCause()
				.isInstanceOf(ShuttingDownException.class)
				.withMessageContaining("shut down before task");
		}
		assertThat(this.gates.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
	}

}
