package io.patio.executor.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patio.NoPeerException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.WorkerDiedException;
import io.patio.broker.MemoryBroker;
import io.patio.call.CallRequest;
import io.patio.registry.Registry;

class ProcessPoolPatioExecutorTests {

	private ProcessPoolPatioExecutor pool;

	private ProcessPoolPatioExecutor create(ProcessPoolOptions.Builder options) {
		this.pool = new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
				options.startupTimeout(Duration.ofSeconds(30)).build());
		return this.pool;
	}

	private ProcessPoolPatioExecutor start(ProcessPoolOptions.Builder options) {
		create(options).start();
		return this.pool;
	}

	@AfterEach
	void shutDownAndCheckNoWorkerIsLeft() {
		if (this.pool != null) {
			List<Long> pids = this.pool.getWorkers().stream().map(WorkerStatus::pid).toList();
			this.pool.shutdown(Duration.ofSeconds(1));
			for (long pid : pids) {
				assertThat(ProcessHandle.of(pid)).isEmpty();
			}
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(workerDescendants()).isEmpty());
	}

	private static List<ProcessHandle> workerDescendants() {
		return ProcessHandle.current()
			.descendants()
			.filter((process) -> process.info().commandLine().orElse("").contains(ProcessWorker.class.getName()))
			.toList();
	}

	private static CallRequest call(String task, Duration timeout, Object... args) {
		return CallRequest.of(task, args, Map.of(), timeout, Map.of());
	}

	private Object run(String task, Object... args) {
		return this.pool.execute(call(task, Duration.ofSeconds(20), args)).join();
	}

	private Throwable failure(String task, Duration timeout, Object... args) {
		CompletableFuture<Object> future = this.pool.execute(call(task, timeout, args));
		try {
			future.join();
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
		throw new AssertionError("task '" + task + "' did not fail");
	}

	private static int asInt(Object result) {
		return Integer.parseInt(String.valueOf(result));
	}

	@Test
	void runsTasksInAnotherProcess() {
		start(ProcessPoolOptions.builder().maxWorkers(1).registryFactory(ProcessTasks.Factory.class));
		assertThat(asInt(run("mul", 6, 7))).isEqualTo(42);
		long workerPid = Long.parseLong(String.valueOf(run("pid")));
		assertThat(workerPid).isNotEqualTo(ProcessHandle.current().pid());
		assertThat(this.pool.getWorkers()).singleElement().satisfies((worker) -> {
			assertThat(worker.pid()).isEqualTo(workerPid);
			assertThat(worker.state()).isEqualTo("ready");
			assertThat(worker.tasksDone()).isEqualTo(2);
		});
		assertThat(this.pool.getPoolState()).isEqualTo("running");
		// counted as the call completes, as by every executor: a moment after the caller
		// sees it
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.pool.getStats().completed()).isEqualTo(2);
			assertThat(this.pool.getTaskStats().get("mul").completed()).isEqualTo(1);
		});
	}

	@Test
	void aTaskDeclaredInlineStillRunsInAWorkerProcess() {
		start(ProcessPoolOptions.builder().maxWorkers(1).registryFactory(ProcessTasks.Factory.class));
		assertThat(this.pool.getRegistry().resolve("inlinePid").isInline()).as("declared inline").isTrue();
		String[] ranOn = String.valueOf(run("inlinePid")).replace("\"", "").split(" ");
		assertThat(Long.parseLong(ranOn[0])).isNotEqualTo(ProcessHandle.current().pid())
			.isEqualTo(this.pool.getWorkers().get(0).pid());
		assertThat(ranOn[1]).as("in the worker, on one of its worker threads, not on the link's event loop")
			.startsWith("patio-worker-");
	}

	@Test
	void callsGoThroughTheExecutionInterceptorLikeEveryExecutorsSoTheyAreObserved() {
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		create(ProcessPoolOptions.builder().maxWorkers(1).registryFactory(ProcessTasks.Factory.class));
		this.pool.setExecutionInterceptor((request, executor, next) -> {
			seen.add("start " + request.task() + " on " + executor.getType() + " " + request.headers());
			return next.apply(request.withHeaders(Map.of("traceparent", "00-test")))
				.whenComplete((result, error) -> seen.add("stop " + request.task() + " "
						+ ((error != null) ? error.getClass().getSimpleName() : String.valueOf(result))));
		});
		this.pool.start();
		CompletableFuture<Object> product = this.pool
			.execute(CallRequest.of("mul", new Object[] { 6, 7 }, Map.of(), Duration.ofSeconds(20), Map.of("k", "v")));
		assertThat(asInt(product.join())).isEqualTo(42);
		assertThat(failure("exit", Duration.ofSeconds(20), 3)).isInstanceOf(WorkerDiedException.class);
		assertThat(seen).containsExactly("start mul on process-pool {k=v}", "stop mul 42",
				"start exit on process-pool {}", "stop exit WorkerDiedException");
	}

	@Test
	void systemExitFailsTheCallWithTheExitCodeAndTheWorkerIsReplaced() {
		start(ProcessPoolOptions.builder().maxWorkers(1).registryFactory(ProcessTasks.Factory.class));
		long before = this.pool.getWorkers().get(0).pid();
		Throwable error = failure("exit", Duration.ofSeconds(20), 42);
		assertThat(error).isInstanceOfSatisfying(WorkerDiedException.class, (died) -> {
			assertThat(died.getExitCode()).isEqualTo(42);
			assertThat(died.getPid()).isEqualTo(before);
			assertThat(died.getTask()).isEqualTo("exit");
		});
		assertThat(asInt(run("mul", 2, 3))).isEqualTo(6);
		assertThat(ProcessHandle.of(before)).isEmpty();
		assertThat(this.pool.getRestarts()).isEqualTo(1);
	}

	@Test
	void outOfMemoryFailsTheCallAndThePoolServesTheNextOne(@TempDir Path dir) throws Exception {
		// the JVM's own "Terminating due to java.lang.OutOfMemoryError" line is kept out
		// of the build's output, and checked here
		WorkerOutput output = WorkerOutput.capture(dir);
		start(output.applyTo(ProcessPoolOptions.builder()
			.maxWorkers(1)
			.jvmOptions("-Xmx64m", "-XX:+ExitOnOutOfMemoryError")
			.registryFactory(ProcessTasks.Factory.class)));
		long before = this.pool.getWorkers().get(0).pid();
		Throwable error = failure("oom", Duration.ofSeconds(20));
		assertThat(error).isInstanceOfSatisfying(WorkerDiedException.class,
				(died) -> assertThat(died.getExitCode()).isEqualTo(3));
		assertThat(asInt(run("mul", 4, 5))).isEqualTo(20);
		assertThat(ProcessHandle.of(before)).isEmpty();
		assertThat(output.text()).contains("Terminating due to java.lang.OutOfMemoryError");
	}

	@Test
	void aTaskPastItsTimeoutIsStoppedByKillingItsWorker() {
		start(ProcessPoolOptions.builder().maxWorkers(1).registryFactory(ProcessTasks.Factory.class));
		long before = this.pool.getWorkers().get(0).pid();
		Throwable error = failure("spin", Duration.ofMillis(500));
		assertThat(error).isInstanceOf(TaskTimeoutException.class);
		assertThat(asInt(run("mul", 3, 3))).isEqualTo(9);
		assertThat(ProcessHandle.of(before)).isEmpty();
	}

	@Test
	void otherCallsOnAKilledWorkerFailAsWorkerDiedAndCallsOnOtherWorkersAreUnaffected() {
		start(ProcessPoolOptions.builder().maxWorkers(2).tasksPerWorker(2).registryFactory(ProcessTasks.Factory.class));
		long first = this.pool.getWorkers().get(0).pid();
		// the least busy worker takes each call, the first slot on a tie: first, second,
		// first
		CompletableFuture<Object> timesOut = this.pool.execute(call("spin", Duration.ofMillis(700)));
		CompletableFuture<Object> elsewhere = this.pool.execute(call("spin", Duration.ofSeconds(60)));
		CompletableFuture<Object> neighbour = this.pool.execute(call("spin", Duration.ofSeconds(60)));
		await().atMost(Duration.ofSeconds(10)).until(() -> timesOut.isDone() && neighbour.isDone());
		assertThat(cause(timesOut)).isInstanceOf(TaskTimeoutException.class);
		assertThat(cause(neighbour)).isInstanceOfSatisfying(WorkerDiedException.class, (died) -> {
			assertThat(died.getPid()).isEqualTo(first);
			assertThat(died.getMessage()).contains("passed its timeout");
		});
		assertThat(asInt(run("mul", 7, 6))).isEqualTo(42);
		assertThat(elsewhere).isNotDone();
		assertThat(ProcessHandle.of(first)).isEmpty();
	}

	private static Throwable cause(CompletableFuture<Object> future) {
		try {
			future.join();
			throw new AssertionError("did not fail");
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
	}

	@Test
	void hundredConcurrentCallsOfMul() {
		start(ProcessPoolOptions.builder().maxWorkers(2).tasksPerWorker(4).registryFactory(ProcessTasks.Factory.class));
		try (MemoryBroker broker = new MemoryBroker(this.pool)) {
			broker.start();
			List<CompletableFuture<Integer>> calls = IntStream.range(0, 100)
				.mapToObj((i) -> broker.call("mul", Integer.class, i, 2))
				.toList();
			assertThat(calls.stream().map(CompletableFuture::join).toList())
				.isEqualTo(IntStream.range(0, 100).map((i) -> i * 2).boxed().toList());
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.pool.getStats().completed()).isEqualTo(100));
	}

	@Test
	void aCallerAskingForObjectGetsPlainJavaValuesAsOverTcp() {
		start(ProcessPoolOptions.builder().maxWorkers(1).registryFactory(ProcessTasks.Factory.class));
		try (MemoryBroker broker = new MemoryBroker(this.pool)) {
			broker.start();
			Map<String, Object> map = new java.util.LinkedHashMap<>();
			map.put("a", 1);
			for (Object value : List.of("str", 5, List.of(1, 2), map, new java.math.BigDecimal("9.90"))) {
				Object echoed = broker.call("same", Object.class, value).join();
				assertThat(echoed).as("%s", value)
					.isEqualTo(value)
					.isNotInstanceOf(tools.jackson.databind.JsonNode.class);
			}
			assertThat(broker.call("same", Object.class, (Object) null).join()).isNull();
		}
	}

	@Test
	void aWorkerIsRecycledAfterItsTasks() {
		start(ProcessPoolOptions.builder().maxWorkers(1).recycleAfter(2).registryFactory(ProcessTasks.Factory.class));
		long first = Long.parseLong(String.valueOf(run("pid")));
		assertThat(Long.parseLong(String.valueOf(run("pid")))).isEqualTo(first);
		long second = Long.parseLong(String.valueOf(run("pid")));
		assertThat(second).isNotEqualTo(first);
		await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(first).isEmpty());
		assertThat(this.pool.getRestarts()).isZero();
	}

	@Test
	void workersThatDieAtStartupAreRetriedWithBackOffAndShowIt(@TempDir Path dir) throws Exception {
		WorkerOutput output = WorkerOutput.capture(dir);
		this.pool = new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
				output
					.applyTo(ProcessPoolOptions.builder()
						.maxWorkers(1)
						.startupTimeout(Duration.ofSeconds(1))
						.restartDelay(Duration.ofMillis(200))
						.registryFactory(ProcessTasks.Broken.class))
					.build());
		this.pool.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.pool.getStartupFailures() >= 2);
		assertThat(this.pool.getPoolState()).isEqualTo("backing-off");
		assertThat(this.pool.unavailableReason()).contains("no worker process can start");
		assertThat(this.pool.details()).containsKey("nextStartAttempt")
			.hasEntrySatisfying("lastFailure", (failure) -> assertThat(failure.toString()).contains("exited"));
		Throwable error = failure("mul", Duration.ofMillis(300), 1, 2);
		assertThat(error).isInstanceOf(TaskTimeoutException.class);
		// each worker's stack trace, kept out of the build's output
		assertThat(output.text()).contains("IllegalStateException: this worker never starts");
	}

	@Test
	void aWorkerNotReadyWithinTheStartupTimeoutIsKilledAndRetried() {
		this.pool = new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
				ProcessPoolOptions.builder()
					.maxWorkers(1)
					.startupTimeout(Duration.ofSeconds(2))
					.restartDelay(Duration.ofSeconds(5))
					.registryFactory(ProcessTasks.Hangs.class)
					.build());
		this.pool.start();
		long hung = this.pool.getWorkers().isEmpty() ? -1 : this.pool.getWorkers().get(0).pid();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.pool.getStartupFailures() >= 1);
		assertThat(this.pool.getPoolState()).isEqualTo("backing-off");
		assertThat(this.pool.details().get("lastFailure").toString()).contains("startup timeout");
		if (hung > 0) {
			await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(hung).isEmpty());
		}
	}

	@Test
	void shutdownStopsTheWorkersAndRefusesNewCalls() {
		start(ProcessPoolOptions.builder().maxWorkers(2).registryFactory(ProcessTasks.Factory.class));
		List<Long> pids = this.pool.getWorkers().stream().map(WorkerStatus::pid).toList();
		assertThat(pids).hasSize(2);
		this.pool.shutdown(Duration.ofSeconds(1));
		for (long pid : pids) {
			assertThat(ProcessHandle.of(pid)).isEmpty();
		}
		assertThat(failure("mul", Duration.ofSeconds(1), 1, 2)).isInstanceOf(ShuttingDownException.class);
		assertThat(this.pool.getPoolState()).isEqualTo("shut-down");
	}

	@Test
	void aWorkerWhoseRegistryDiffersFromTheParentsIsRefusedAtStartWithTheDifference() {
		Registry parent = new ProcessTasks.Factory().create();
		parent.register("demo.square", new ProcessTasks(), "mul");
		this.pool = new ProcessPoolPatioExecutor(parent,
				ProcessPoolOptions.builder()
					.maxWorkers(1)
					.jvmOptions("-Xmx64m", "-XX:TieredStopAtLevel=1")
					.registryFactory(ProcessTasks.Factory.class)
					.startupTimeout(Duration.ofMinutes(2))
					.build());

		assertThatThrownBy(this.pool::start).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("worker registry differs from the parent's: missing [demo.square]")
			.hasMessageNotContaining("extra");
		assertThat(this.pool.isShutdown()).isTrue();
		assertThat(this.pool.execute(call("mul", Duration.ofSeconds(5), 2, 3))).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(ShuttingDownException.class);
	}

	@Test
	void whileOnlyRefusedWorkersCanStartCallsFailAtOnceNamingTheDifference(@TempDir Path directory) throws Exception {
		Path marker = directory.resolve("extra");
		start(ProcessPoolOptions.builder()
			.maxWorkers(1)
			.jvmOptions("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dpatio.test.extra-task-file=" + marker)
			.registryFactory(ProcessTasks.Changing.class)
			.restartDelay(Duration.ofSeconds(30)));
		assertThat(asInt(run("mul", 6, 7))).isEqualTo(42);

		// from now on a new worker has one task more than its parent
		Files.createFile(marker);
		assertThat(failure("exit", Duration.ofSeconds(20), 9)).isInstanceOf(WorkerDiedException.class);

		// a budget far longer than the refusal takes: the call must not wait for it
		Throwable refused = failure("mul", Duration.ofMinutes(5), 2, 3);
		assertThat(refused).isInstanceOf(NoPeerException.class)
			.hasMessageContaining("worker registry differs from the parent's: extra [extra]");
		assertThat(this.pool.getPoolState()).isEqualTo("backing-off");
		assertThat(this.pool.unavailableReason()).contains("extra [extra]");
		assertThat(failure("pid", Duration.ofMinutes(5))).isInstanceOf(NoPeerException.class);
	}

	@Test
	void workersGetNativeAccessUnlessTheirJvmOptionsSayOtherwise() {
		ProcessPoolOptions.Builder builder = ProcessPoolOptions.builder()
			.registryFactory(ProcessTasks.Factory.class)
			.jvmOptions("-Xmx64m");
		assertThat(builder.build().workerCommand()).containsSubsequence(ProcessPoolOptions.NATIVE_ACCESS, "-Xmx64m",
				"-cp");
		assertThat(builder.enableNativeAccess(false).build().workerCommand())
			.doesNotContain(ProcessPoolOptions.NATIVE_ACCESS);
		assertThat(builder.enableNativeAccess(true)
			.jvmOptions("--enable-native-access=ALL-UNNAMED,com.acme")
			.build()
			.workerCommand()).doesNotContain(ProcessPoolOptions.NATIVE_ACCESS)
			.contains("--enable-native-access=ALL-UNNAMED,com.acme");
	}

}
