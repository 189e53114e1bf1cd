package io.patio.executor;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.patio.MathTasks;
import io.patio.RejectedCallException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.call.CallRequest;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The virtual-threads executor, on Java 21 and later. The build runs on Java 17, where
 * these tests are disabled; {@link VirtualThreadsOnJdk25Tests} runs them on the JDK 25.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadPatioExecutorTest {

	private final Registry registry = new Registry();

	private final GateTasks gates = new GateTasks();

	private VirtualThreadPatioExecutor executor;

	VirtualThreadPatioExecutorTest() {
		this.registry.register("mul", new MathTasks(), "mul");
		this.registry.register("hold", this.gates, "hold");
		this.registry.register("later", this.gates, "later");
		this.registry.register("spin", this.gates, "spin");
		this.registry.register("interruptedWhile", this.gates, "interruptedWhile");
		this.registry.register("thread", new ThreadTasks(), "describe");
	}

	@AfterEach
	void shutdown() {
		this.gates.gate.countDown();
		if (this.executor != null) {
			this.executor.shutdown(Duration.ofSeconds(5));
		}
	}

	private VirtualThreadPatioExecutor start(int maxConcurrency, int queue) {
		this.executor = new VirtualThreadPatioExecutor(this.registry, maxConcurrency, queue);
		this.executor.start();
		return this.executor;
	}

	private static CallRequest call(String task, Object... args) {
		return CallRequest.of(task, args, null, Duration.ofSeconds(30), null);
	}

	private static CallRequest call(String task, Duration timeout, Object... args) {
		return CallRequest.of(task, args, null, timeout, null);
	}

	@Test
	void runsEachCallOnAVirtualThreadOfItsOwn() {
		start(100, 100);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			calls.add(this.executor.execute(call("thread")));
		}
		Set<Object> threads = new HashSet<>();
		for (CompletableFuture<Object> call : calls) {
			String thread = (String) call.join();
			assertThat(thread).startsWith("virtual patio-virtual-");
			threads.add(thread);
		}
		assertThat(threads).hasSize(50);
		assertThat(this.executor.getType()).isEqualTo("virtual-threads");
		assertThat(new VirtualThreadPatioExecutor(this.registry).getMaxWorkers())
			.isEqualTo(VirtualThreadPatioExecutor.DEFAULT_MAX_CONCURRENCY)
			.isEqualTo(10_000);
	}

	@Test
	void aThousandBlockingCallsAreInFlightAtOnce() throws Exception {
		start(1000, 0);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			calls.add(this.executor.execute(call("hold", i)));
		}
		// every call blocks in its task at the same time, on far fewer carrier threads
		assertThat(this.gates.started.tryAcquire(1000, 60, TimeUnit.SECONDS)).isTrue();
		assertThat(this.executor.getStats().active()).isEqualTo(1000);
		this.gates.gate.countDown();
		for (int i = 0; i < 1000; i++) {
			assertThat(calls.get(i)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(i);
		}
		await().untilAsserted(() -> assertThat(this.executor.getStats().completed()).isEqualTo(1000));
	}

	@Test
	void maxConcurrencyBoundsTheRunningCallsThenTheQueueThenRejection() throws Exception {
		start(2, 3);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			calls.add(this.executor.execute(call("hold", i)));
		}
		assertThat(this.gates.started.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
		// two running, three queued, five turned away at once
		assertThat(calls.subList(5, 10)).allSatisfy((rejected) -> assertThat(rejected).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(RejectedCallException.class)
			.withMessageContaining("virtual-threads executor is saturated")
			.withMessageContaining("patio.executor.max-workers"));
		ExecutorStats stats = this.executor.getStats();
		assertThat(stats.active()).isEqualTo(2);
		assertThat(stats.queued()).isEqualTo(3);
		assertThat(stats.rejected()).isEqualTo(5);
		assertThat(this.gates.started.availablePermits()).isZero();
		this.gates.gate.countDown();
		for (int i = 0; i < 5; i++) {
			assertThat(calls.get(i)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(i);
		}
		await().untilAsserted(() -> assertThat(this.executor.getPendingCount()).isZero());
	}

	@Test
	void aTimeoutFailsTheCallAndInterruptsItsThread() throws Exception {
		start(1, 10);
		CompletableFuture<Object> slow = this.executor.execute(call("hold", Duration.ofMillis(100), 1));
		assertThat(slow).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class)
			.withMessageContaining("'hold'");
		assertThat(this.gates.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
		// its place is free again
		assertThat(this.executor.execute(call("mul", 2, 3))).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(6);
		await().untilAsserted(() -> assertThat(this.executor.getTaskStats().get("hold").failed()).isEqualTo(1));
	}

	@Test
	void anInterruptForATimedOutCallNeverReachesAnotherCall() throws Exception {
		start(4, 1000);
		List<CompletableFuture<Object>> timedOut = new ArrayList<>();
		List<CompletableFuture<Object>> probes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			timedOut.add(this.executor.execute(call("spin", Duration.ofMillis(5), 30_000)));
			probes.add(this.executor.execute(call("interruptedWhile", 300)));
		}
		assertThat(probes).allSatisfy((probe) -> assertThat(probe).succeedsWithin(Duration.ofSeconds(60))
			.as("a probe saw an interrupt meant for another call")
			.isEqualTo(false));
		// each spin either timed out (and was interrupted as it ran) or, on a machine so
		// busy that no sweep came within its 30 ms, finished: never anything else
		assertThat(timedOut).allSatisfy((call) -> assertThat(
				call.handle((value, error) -> (error != null) ? error.getClass() : value).get(60, TimeUnit.SECONDS))
			.isIn(TaskTimeoutException.class, 30_000));
	}

	@Test
	void aTaskReturningAStageFreesItsPlaceAndCompletesWithTheStage() throws Exception {
		start(1, 0);
		CompletableFuture<Object> later = this.executor.execute(call("later", 1));
		await().until(() -> !this.gates.stages.isEmpty());
		// the stage holds no thread: the one place runs another call meanwhile
		await().untilAsserted(
				() -> assertThat(this.executor.execute(call("mul", 3, 4))).succeedsWithin(Duration.ofSeconds(10))
					.isEqualTo(12));
		assertThat(later).isNotDone();
		this.gates.stages.poll().complete(5);
		assertThat(later).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(5);
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
		assertThat(this.gates.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		this.executor.shutdown(Duration.ofMillis(50));
		for (CompletableFuture<Object> call : List.of(running, queued)) {
			assertThat(call).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingRootCause()
				.isInstanceOf(ShuttingDownException.class)
				.withMessageContaining("shut down before task");
		}
		assertThat(this.gates.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
	}

	/** Tasks that tell which thread runs them. */
	public static class ThreadTasks {

		/** "virtual " or "platform " followed by the thread's name and id. */
		public String describe() throws ReflectiveOperationException {
			Thread thread = Thread.currentThread();
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (((Boolean) isVirtual.invoke(thread)) ? "virtual " : "platform ") + thread.getName() + "#"
					+ thread.getId();
		}

	}

}
