package io.patio.executor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.patio.BadRequestException;
import io.patio.MathTasks;
import io.patio.RejectedCallException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;
import io.patio.client.Header;
import io.patio.client.Timeout;
import io.patio.registry.Registry;
import io.patio.serializer.CallPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calls that come encoded ({@link PatioExecutor#execute(String, Duration, Supplier)}), as
 * a TCP REQUEST whose task and timeout the serializer read at a glance: the thread-pool
 * executor accepts them as they are and its worker decodes them, with the same answers,
 * budgets and counts as a call decoded when it arrives; the async executor, whose tasks
 * start on the delivering thread anyway, decodes them there.
 * {@link PatioExecutorTestBase} holds every executor with threads of its own to where it
 * decodes and to the budget.
 */
class EncodedCallTests {

	private final Registry registry = new Registry();

	private final GateTasks gates = new GateTasks();

	/** The threads the decoders ran on, in order. */
	private final ConcurrentLinkedQueue<Thread> decodedOn = new ConcurrentLinkedQueue<>();

	private AbstractPatioExecutor executor;

	EncodedCallTests() {
		this.registry.register("mul", new MathTasks(), "mul");
		this.registry.register("hold", this.gates, "hold");
		InlineTasks inline = new InlineTasks();
		this.registry.register("thread", inline, "thread");
		this.registry.register("inlineThread", inline, "inlineThread");
		this.registry.register("context", new ContextTasks(), "context");
	}

	@AfterEach
	void shutdown() {
		this.gates.gate.countDown();
		if (this.executor != null) {
			this.executor.shutdown(Duration.ofSeconds(5));
		}
	}

	private AbstractPatioExecutor threadPool(int workers, int queue) {
		this.executor = new ThreadPoolPatioExecutor(this.registry, workers, queue);
		this.executor.start();
		return this.executor;
	}

	/**
	 * Runs a call that came encoded, naming {@code peeked} at a glance and {@code task}
	 * in full, with the same timeout both ways.
	 */
	private CompletableFuture<Object> run(String peeked, String task, Double timeout, Object... args) {
		return this.executor.execute(peeked, CallPayload.budgetOf(timeout), encoded(task, timeout, args));
	}

	/** A decoder that notes its thread and gives this call. */
	private Supplier<CallPayload> encoded(String task, Double timeout, Object... args) {
		return () -> {
			this.decodedOn.add(Thread.currentThread());
			return new CallPayload(task, List.of(args), Map.of(), timeout, Map.of("tenant", "blue"));
		};
	}

	@Test
	void theWorkerThatRunsTheCallDecodesIt() {
		threadPool(2, 10);
		CompletableFuture<Object> call = run("thread", "thread", null);
		Object ranOn = call.join();
		assertThat(this.decodedOn).singleElement()
			.satisfies((thread) -> assertThat(thread.getName()).isEqualTo(ranOn).startsWith("patio-worker-"));
		assertThat(run("mul", "mul", 1.5, 2, 3, 7)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(42);
		await().untilAsserted(() -> assertThat(this.executor.getTaskStats().get("mul").completed()).isEqualTo(1));
	}

	@Test
	void theAsyncExecutorDecodesOnTheDeliveringThread() {
		Registry stages = new Registry();
		stages.register("asyncSquare", new MathTasks(), "asyncSquare");
		this.executor = new AsyncPatioExecutor(stages);
		this.executor.start();
		assertThat(run("asyncSquare", "asyncSquare", null, 7)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(49);
		assertThat(this.decodedOn).containsExactly(Thread.currentThread());
	}

	@Test
	void anInlineTaskIsDecodedAndRunOnTheDeliveringThread() {
		threadPool(1, 1);
		CompletableFuture<Object> call = run("inlineThread", "inlineThread", null);
		assertThat(call).isCompletedWithValue(Thread.currentThread().getName());
		assertThat(this.decodedOn).containsExactly(Thread.currentThread());
	}

	@Test
	void withAnInterceptorTheCallIsDecodedAsItArrivesSoThatTheInterceptorSeesItWhole() {
		ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
		this.executor = new ThreadPoolPatioExecutor(this.registry, 1, 1);
		this.executor.setExecutionInterceptor((request, executor, next) -> {
			seen.add(request.task() + " " + request.args().length + " " + request.headers());
			return next.apply(request);
		});
		this.executor.start();
		assertThat(run("mul", "mul", null, 2, 3)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(6);
		assertThat(this.decodedOn).containsExactly(Thread.currentThread());
		assertThat(seen).containsExactly("mul 2 {tenant=blue}");
	}

	@Test
	void anUnknownTaskFailsAsOneDecodedOnArrival() {
		threadPool(1, 1);
		assertThat(run("nope", "nope", null)).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(UnknownTaskException.class);
		assertThat(this.decodedOn).containsExactly(Thread.currentThread());
	}

	@Test
	void aCallThatDoesNotDecodeFailsAsABadRequestCountedAsNeverRun() {
		threadPool(1, 10);
		CompletableFuture<Object> undecodable = this.executor.execute("mul", null, () -> {
			throw new BadRequestException(null, "Bad REQUEST: truncated");
		});
		CompletableFuture<Object> broken = this.executor.execute("mul", null, () -> {
			throw new IllegalStateException("a serializer of one's own broke");
		});
		CompletableFuture<Object> twoTasks = run("mul", "hold", null, 1);
		CompletableFuture<Object> twoTimeouts = this.executor.execute("mul", Duration.ofSeconds(1),
				encoded("mul", 2.0, 1));
		CompletableFuture<Object> badArguments = run("mul", "mul", null, "x", List.of());
		assertThat(undecodable).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(BadRequestException.class)
			.withMessage("Bad REQUEST: truncated");
		assertThat(broken).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(BadRequestException.class)
			.withMessageContaining("a serializer of one's own broke");
		assertThat(twoTasks).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(BadRequestException.class)
			.withMessage("Bad REQUEST: it names two tasks, 'mul' and 'hold'");
		assertThat(twoTimeouts).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(BadRequestException.class)
			.withMessageStartingWith("Bad REQUEST: it gives two timeouts, PT1S and PT2S");
		assertThat(badArguments).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(io.patio.BadArgumentsException.class);
		assertThat(this.gates.started.availablePermits()).isZero();
		// as on the event loop: a REQUEST that does not decode is not the executor's to
		// count; arguments that do not bind are, as a call whose task never ran
		await().untilAsserted(() -> assertThat(this.executor.getStats().failed()).isEqualTo(1));
		assertThat(this.executor.getTaskStats().get("mul").failed()).isZero();
	}

	@Test
	void aRejectedCallIsNeverDecoded() throws Exception {
		threadPool(1, 0);
		CompletableFuture<Object> holding = run("hold", "hold", null, 1);
		assertThat(this.gates.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		AtomicInteger decoded = new AtomicInteger();
		CompletableFuture<Object> rejected = this.executor.execute("mul", null, () -> {
			decoded.incrementAndGet();
			return new CallPayload("mul", List.of(2), Map.of(), null, Map.of());
		});
		assertThat(rejected).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(RejectedCallException.class)
			.withMessageContaining("task 'mul' was rejected");
		assertThat(decoded).hasValue(0);
		this.gates.gate.countDown();
		assertThat(holding).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1);
	}

	@Test
	void whateverItsDecoderThrowsTheCallCompletesAndTheWorkersGoOn() {
		threadPool(1, 10);
		CompletableFuture<Object> linkage = this.executor.execute("mul", null, () -> {
			throw new ExceptionInInitializerError("a record's static initializer failed");
		});
		CompletableFuture<Object> overflow = this.executor.execute("mul", null, () -> {
			throw new StackOverflowError("a decoder of one's own recursed");
		});
		assertThat(linkage).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ExceptionInInitializerError.class);
		assertThat(overflow).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(StackOverflowError.class);
		assertThat(run("mul", "mul", null, 6, 7)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(42);
	}

	@Test
	void aCallWithLessThanAMillisecondLeftIsDecodedOnArrivalAndAUsedUpOneFailsAtOnce() {
		threadPool(1, 10);
		// decoded before it returns, on this thread (it may then time out before it ends)
		run("mul", "mul", 0.0009, 2, 3);
		assertThat(this.decodedOn).containsExactly(Thread.currentThread());
		CompletableFuture<Object> usedUp = run("mul", "mul", 0.0, 2, 3);
		assertThat(usedUp).isCompletedExceptionally();
		assertThat(usedUp).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class);
	}

	@Test
	void aRunningCallIsStoppedByItsTimeoutOnceItsWorkerDecodedItsBudget() throws Exception {
		threadPool(1, 10);
		CompletableFuture<Object> held = run("hold", "hold", 0.05, 1);
		assertThat(this.gates.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		assertThat(held).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(TaskTimeoutException.class);
		assertThat(this.gates.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aTaskThatAsksForItsHeadersAndBudgetGetsThem() {
		threadPool(1, 10);
		assertThat(run("context", "context", 30.0)).succeedsWithin(Duration.ofSeconds(10))
			.asString()
			.startsWith("blue ")
			.satisfies((text) -> assertThat(Long.parseLong(text.substring(5))).isBetween(20_000L, 30_000L));
		assertThat(this.decodedOn).singleElement()
			.satisfies((thread) -> assertThat(thread.getName()).startsWith("patio-worker-"));
	}

	/** A task that reads its call's context. */
	public static class ContextTasks {

		public String context(@Header("tenant") String tenant, @Timeout Duration budget) {
			return tenant + " " + budget.toMillis();
		}

	}

}
