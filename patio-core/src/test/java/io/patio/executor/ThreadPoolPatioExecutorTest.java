package io.patio.executor;

import io.patio.call.CallRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.patio.BadArgumentsException;
import io.patio.MathTasks;
import io.patio.RejectedCallException;
import io.patio.TaskFailedException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The thread-pool executor, with the tests every executor shares from
 * {@link PatioExecutorTestBase}.
 */
class ThreadPoolPatioExecutorTest extends PatioExecutorTestBase<ThreadPoolPatioExecutor> {

	ThreadPoolPatioExecutorTest() {
		MathTasks math = new MathTasks();
		this.registry.register("fail", math, "fail");
		this.registry.register("asyncSquare", math, "asyncSquare");
		this.registry.register("laterUntyped", this.gates, "laterUntyped");
	}

	@Override
	protected ThreadPoolPatioExecutor newExecutor(Registry registry, int workers, int queue) {
		return new ThreadPoolPatioExecutor(registry, workers, queue);
	}

	@Test
	void runsAHundredConcurrentCalls() {
		start(4, 1000);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			calls.add(this.executor.execute(call("mul", 1, 2, 3)));
		}
		assertThat(calls).allSatisfy((f) -> assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(6));
		await().untilAsserted(() -> assertThat(this.executor.getStats().completed()).isEqualTo(100));
		assertThat(this.executor.getTaskStats().get("mul").completed()).isEqualTo(100);
	}

	@Test
	void aTaskReturningAStageCompletesWithTheStage() {
		start(2, 10);
		assertThat(this.executor.execute(call("asyncSquare", 7))).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(49);
		CompletableFuture<Object> later = this.executor.execute(call("later", 1));
		await().until(() -> !this.gates.stages.isEmpty());
		assertThat(later).isNotDone();
		this.gates.stages.poll().complete(5);
		assertThat(later).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(5);
	}

	@Test
	void aStageReturnedWhereTheMethodDeclaresObjectIsFollowedToo() {
		start(2, 10);
		CompletableFuture<Object> later = this.executor.execute(call("laterUntyped", 1));
		await().until(() -> !this.gates.stages.isEmpty());
		assertThat(later).isNotDone();
		this.gates.stages.poll().complete(6);
		assertThat(later).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(6);
	}

	@Test
	void overloadIsRejectedWithATypedErrorAndNothingIsDropped() throws Exception {
		start(1, 2);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		calls.add(this.executor.execute(call("hold", 0)));
		assertThat(this.gates.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
		for (int i = 1; i <= 10; i++) {
			calls.add(this.executor.execute(call("hold", i)));
		}
		// One running, two queued, eight rejected at once.
		assertThat(calls.stream().filter(CompletableFuture::isCompletedExceptionally)).hasSize(8);
		assertThat(calls.get(10)).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(RejectedCallException.class)
			.withMessageContaining("saturated")
			.withMessageContaining("patio.executor.queue-capacity");
		ExecutorStats stats = this.executor.getStats();
		assertThat(stats.active()).isEqualTo(1);
		assertThat(stats.queued()).isEqualTo(2);
		assertThat(stats.rejected()).isEqualTo(8);
		this.gates.gate.countDown();
		assertThat(calls.subList(0, 3)).allSatisfy((f) -> assertThat(f).succeedsWithin(Duration.ofSeconds(5)));
		await().untilAsserted(() -> assertThat(this.executor.getStats().completed()).isEqualTo(3));
	}

	@Test
	void aTimedOutCallFailsAndItsWorkerIsInterruptedAndFreed() throws Exception {
		start(1, 10);
		CompletableFuture<Object> slow = this.executor
			.execute(CallRequest.of("hold", new Object[] { 1 }, null, Duration.ofMillis(100), null));
		assertThat(slow).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class)
			.withMessageContaining("'hold'");
		assertThat(this.gates.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.executor.execute(call("mul", 2, 3))).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(6);
	}

	@Test
	void callsFinishedByWorkersAndByTheTimeoutSweepAreAllCounted() {
		start(2, 100);
		List<CompletableFuture<Object>> calls = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			calls.add(this.executor.execute(call("mul", i, 2)));
		}
		CompletableFuture<Object> slow = this.executor
			.execute(CallRequest.of("hold", new Object[] { 1 }, null, Duration.ofMillis(50), null));
		assertThat(calls).allSatisfy((f) -> assertThat(f).succeedsWithin(Duration.ofSeconds(5)));
		assertThat(slow).failsWithin(Duration.ofSeconds(5));
		await().untilAsserted(() -> {
			assertThat(this.executor.getTaskStats().get("hold").failed()).isEqualTo(1);
			assertThat(this.executor.getTaskStats().get("mul").completed()).isEqualTo(50);
			assertThat(this.executor.getStats().completed()).isEqualTo(50);
			assertThat(this.executor.getStats().failed()).isEqualTo(1);
		});
	}

	@Test
	void aTimeoutOfACallWaitingForItsStageNeverReachesTheWorkersNextCall() {
		start(1, 10);
		CompletableFuture<Object> stage = this.executor
			.execute(CallRequest.of("later", new Object[] { 1 }, null, Duration.ofMillis(30), null));
		assertThat(stage).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class);
		// the one worker ran that call last; the timeout must not interrupt whatever it
		// runs next
		assertThat(this.executor.execute(call("interruptedWhile", 20_000))).succeedsWithin(Duration.ofSeconds(5))
			.isEqualTo(false);
	}

	@Test
	void anInterruptForATimedOutCallNeverReachesTheWorkersNextCall() {
		start(2, 1000);
		List<CompletableFuture<Object>> timedOut = new ArrayList<>();
		List<CompletableFuture<Object>> probes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			// runs 55 ms past its 5 ms budget: a sweep (every 10 ms, so five chances
			// even on a loaded machine) fails it and interrupts it while it runs,
			// unless it ran out in the queue
			timedOut.add(this.executor
				.execute(CallRequest.of("spin", new Object[] { 60_000 }, null, Duration.ofMillis(5), null)));
			probes.add(this.executor.execute(call("interruptedWhile", 300)));
		}
		assertThat(probes).allSatisfy((probe) -> assertThat(probe).succeedsWithin(Duration.ofSeconds(30))
			.as("a probe saw an interrupt meant for another call")
			.isEqualTo(false));
		assertThat(timedOut).allSatisfy((call) -> assertThat(call).failsWithin(Duration.ofSeconds(30))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class));
	}

	@Test
	void aLongBudgetStartsLazilyAndStillTimesOutNeitherEarlyNorMuchLate() throws Exception {
		start(1, 10);
		CallRequest request = CallRequest.of("hold", new Object[] { 1 }, null, Duration.ofSeconds(1), null);
		assertThat(request.isLazy()).isTrue();
		long made = System.nanoTime();
		CompletableFuture<Object> slow = this.executor.execute(request);
		assertThat(slow).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class);
		long elapsed = System.nanoTime() - made;
		// the sweep starts the clock within one sweep of the call, and notices it is
		// overdue
		// within another: never before the budget, and within a bound worth promising
		assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1)).isLessThan(TimeUnit.SECONDS.toNanos(5));
		assertThat(this.gates.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aShortBudgetThatRunsOutInTheQueueFails() {
		start(1, 10);
		CompletableFuture<Object> blocker = this.executor.execute(call("hold", 1));
		await().until(() -> this.gates.started.availablePermits() == 1);
		CallRequest shortOne = CallRequest.of("mul", new Object[] { 2, 3 }, null, Duration.ofMillis(1), null);
		assertThat(shortOne.isLazy()).isFalse();
		CompletableFuture<Object> queued = this.executor.execute(shortOne);
		assertThat(queued).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class);
		this.gates.gate.countDown();
		assertThat(blocker).succeedsWithin(Duration.ofSeconds(5));
	}

	@Test
	void anExpiredCallIsNotRun() {
		start(1, 10);
		CallRequest expired = new CallRequest("hold", new Object[] { 1 }, null, System.nanoTime() - 1, true, null);
		assertThat(this.executor.execute(expired)).isCompletedExceptionally();
		assertThat(this.gates.started.availablePermits()).isZero();
	}

	@Test
	void failuresAreTypedAndCounted() {
		start(2, 10);
		assertThat(this.executor.execute(call("fail", "boom"))).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("boom");
		CompletableFuture<Object> failed = this.executor.execute(call("fail", "boom"));
		assertThatThrownBy(failed::join).cause()
			.isInstanceOf(TaskFailedException.class)
			.hasMessageContaining("Task 'fail' failed");
		assertThatThrownBy(this.executor.execute(call("nope"))::join).cause().isInstanceOf(UnknownTaskException.class);
		assertThatThrownBy(this.executor.execute(call("mul", "x"))::join).cause()
			.isInstanceOf(BadArgumentsException.class);
		await().untilAsserted(() -> assertThat(this.executor.getStats().failed()).isEqualTo(4));
		assertThat(this.executor.getTaskStats().get("fail").failed()).isEqualTo(2);
	}

	@Test
	void stageTasksThatNeverCompleteAreFailedAtShutdown() throws Exception {
		start(2, 10);
		CompletableFuture<Object> stage = this.executor.execute(call("later", 2));
		assertThat(this.gates.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
		this.executor.shutdown(Duration.ofMillis(20));
		assertThat(stage).isCompletedExceptionally();
		assertThat(this.executor.getPendingCount()).isZero();
	}

	@Test
	void advertisesEveryTaskOfItsRegistry() {
		start(1, 1);
		assertThat(this.executor.getTaskNames()).containsExactlyInAnyOrder("mul", "fail", "asyncSquare", "hold",
				"later", "laterUntyped", "spin", "interruptedWhile", "inlineThread", "workerThread", "inlineFailure");
		assertThat(this.executor.getTaskStats()).containsKeys("mul", "hold");
		assertThat(this.executor.getTaskStats().get("mul")).isEqualTo(new TaskStats("mul", 0, 0));
		assertThat(Map.copyOf(this.executor.getTaskStats())).hasSize(11);
	}

	@Test
	void rejectsNonsensicalLimits() {
		assertThatThrownBy(() -> new ThreadPoolPatioExecutor(this.registry, 0, 1))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("max-workers");
		assertThatThrownBy(() -> new ThreadPoolPatioExecutor(this.registry, 1, -1))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("queue-capacity");
	}

}
