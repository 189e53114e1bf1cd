package io.patio.broker;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.patio.BadArgumentsException;
import io.patio.MathTasks;
import io.patio.RejectedCallException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;
import io.patio.broker.CallResponder.Answer;
import io.patio.executor.GateTasks;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.JsonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker side of a call over the memory side: calls decoded as a transport decodes
 * them (JSON trees) and plain Java arguments both run on a real executor, and every
 * outcome is an answer, never an exceptional completion.
 */
class CallResponderTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Registry registry = new Registry();

	private final GateTasks gates = new GateTasks();

	private final AtomicBoolean closing = new AtomicBoolean();

	private final ThreadPoolPatioExecutor executor;

	private final CallResponder responder;

	CallResponderTests() {
		this.registry.register("mul", new MathTasks(), "mul");
		this.registry.register("fail", new MathTasks(), "fail");
		this.registry.register("hold", this.gates, "hold");
		this.executor = new ThreadPoolPatioExecutor(this.registry, 1, 1);
		this.executor.start();
		this.responder = new CallResponder(this.executor, this.closing::get);
	}

	@AfterEach
	void close() {
		this.gates.gate.countDown();
		this.executor.shutdown(WAIT);
	}

	@Test
	void aDecodedCallAnswersItsResult() {
		Answer answer = answer(this.responder
			.respond(JsonSerializer.INSTANCE.decodeCall("{\"func\":\"mul\",\"args\":[2,3,7]}".getBytes())));
		assertThat(answer.isError()).isFalse();
		assertThat(answer.isRejected()).isFalse();
		assertThat(answer.result()).isEqualTo(42);
		Answer local = answer(this.responder.respond("mul", List.of(4, 5), null, null, null));
		assertThat(local.result()).isEqualTo(20);
		assertThat(local.error()).isNull();
	}

	@Test
	void anUnknownTaskIsAnsweredUnknownTask() {
		Answer answer = answer(this.responder.respond("nope", List.of(), Map.of(), null, Map.of()));
		assertThat(answer.isError()).isTrue();
		assertThat(answer.error().code()).isEqualTo("unknown-task");
		assertThat(answer.error().exception()).isInstanceOf(UnknownTaskException.class);
		assertThat(answer.error().message()).contains("nope");
	}

	@Test
	void argumentsThatDoNotBindAreAnsweredBadArguments() {
		Answer answer = answer(this.responder
			.respond(JsonSerializer.INSTANCE.decodeCall("{\"func\":\"mul\",\"args\":[\"two\"]}".getBytes())));
		assertThat(answer.error().code()).isEqualTo("bad-arguments");
		assertThat(answer.error().exception()).isInstanceOf(BadArgumentsException.class);
		Answer kwargs = answer(this.responder.respond("mul", null, Map.of("nothere", 1), null, null));
		assertThat(kwargs.error().code()).isEqualTo("bad-arguments");
	}

	@Test
	void theTasksOwnFailureIsAnsweredTaskFailedWithItsTypeAndMessage() {
		Answer answer = answer(this.responder.respond("fail", List.of("boom"), null, null, null));
		assertThat(answer.error().code()).isEqualTo("task-failed");
		assertThat(answer.error().type()).isEqualTo(IllegalStateException.class.getName());
		assertThat(answer.error().message()).isEqualTo("boom");
		assertThat(answer.error().exception()).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aCallOverItsBudgetIsAnsweredTimeout() {
		Answer answer = answer(this.responder.respond("hold", List.of(1), null, Duration.ofMillis(50), null));
		assertThat(answer.error().code()).isEqualTo("timeout");
		assertThat(answer.error().exception()).isInstanceOf(TaskTimeoutException.class);
		// a budget the caller has used up on the way still counts
		byte[] exhausted = "{\"func\":\"mul\",\"args\":[1],\"timeout\":0}".getBytes();
		assertThat(answer(this.responder.respond(JsonSerializer.INSTANCE.decodeCall(exhausted))).error().code())
			.isEqualTo("timeout");
	}

	@Test
	void aSaturatedExecutorIsAnsweredRejected() throws Exception {
		CompletableFuture<Answer> running = this.responder.respond("hold", List.of(1), null, null, null);
		assertThat(this.gates.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Answer> queued = this.responder.respond("hold", List.of(2), null, null, null);
		Answer rejected = answer(this.responder.respond("hold", List.of(3), null, null, null));
		assertThat(rejected.isRejected()).isTrue();
		assertThat(rejected.error().exception()).isInstanceOf(RejectedCallException.class);
		this.gates.gate.countDown();
		assertThat(answer(running).result()).isEqualTo(1);
		assertThat(answer(queued).result()).isEqualTo(2);
	}

	@Test
	void aClosingBrokerAnswersShuttingDownWithoutRunningTheCall() {
		this.closing.set(true);
		CompletableFuture<Answer> future = this.responder.respond("mul", List.of(2), null, null, null);
		assertThat(future).isCompleted();
		Answer answer = answer(future);
		assertThat(answer.error().code()).isEqualTo("shutting-down");
		assertThat(answer.error().exception()).isInstanceOf(ShuttingDownException.class);
		assertThat(this.executor.getStats().completed()).isZero();
	}

	@Test
	void aCallThatNamesNoTaskIsAnsweredBadRequest() {
		for (String task : new String[] { null, "" }) {
			Answer answer = answer(this.responder.respond(task, List.of(), null, null, null));
			assertThat(answer.error().code()).isEqualTo("bad-request");
		}
	}

	@Test
	void anEncodedCallHandsItsAnswerToTheCallbackOnTheThreadThatRanIt() throws Exception {
		byte[] request = "{\"func\":\"mul\",\"args\":[6,7],\"kwargs\":{},\"timeout\":null}".getBytes();
		CompletableFuture<Answer> answered = new CompletableFuture<>();
		CompletableFuture<String> on = new CompletableFuture<>();
		// the worker decodes only once respond() has returned, so the call ends on it
		CountDownLatch registered = new CountDownLatch(1);
		this.responder.respond("mul", null, () -> {
			try {
				registered.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return JsonSerializer.INSTANCE.decodeCall(request);
		}, (answer) -> {
			on.complete(Thread.currentThread().getName());
			answered.complete(answer);
		});
		registered.countDown();
		assertThat(answer(answered).result()).isEqualTo(42);
		assertThat(on.get(10, TimeUnit.SECONDS)).startsWith("patio-worker-");
		// a REQUEST that does not decode is answered too, as bad-request
		CompletableFuture<Answer> bad = new CompletableFuture<>();
		this.responder.respond("mul", null, () -> JsonSerializer.INSTANCE.decodeCall("{\"func\":1}".getBytes()),
				bad::complete);
		assertThat(answer(bad).error().code()).isEqualTo("bad-request");
	}

	@Test
	void aCallbackGetsTheAnswersKnownAtOnceOnTheCallersThread() {
		for (String task : new String[] { null, "" }) {
			CompletableFuture<Answer> answered = new CompletableFuture<>();
			this.responder.respond(task, null, () -> {
				throw new AssertionError("not decoded");
			}, answered::complete);
			assertThat(answered).isCompleted();
			assertThat(answer(answered).error().code()).isEqualTo("bad-request");
		}
		this.closing.set(true);
		CompletableFuture<Answer> closed = new CompletableFuture<>();
		this.responder.respond("mul", null, () -> {
			throw new AssertionError("not decoded");
		}, closed::complete);
		assertThat(closed).isCompleted();
		assertThat(answer(closed).error().code()).isEqualTo("shutting-down");
		assertThat(this.executor.getStats().completed()).isZero();
	}

	@Test
	void anExecutorOfOnesOwnThatReturnsNoFutureStillGetsEveryCallAnswered() {
		PatioExecutor broken = (PatioExecutor) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { PatioExecutor.class }, (proxy, method, args) -> null);
		CallResponder responder = new CallResponder(broken, () -> false);
		CompletableFuture<Answer> answered = new CompletableFuture<>();
		responder.respond("mul", null, () -> null, answered::complete);
		assertThat(answered).isCompleted();
		assertThat(answer(answered).isError()).isTrue();
		assertThat(answer(responder.respond("mul", null, () -> null)).isError()).isTrue();
	}

	private static Answer answer(CompletableFuture<Answer> future) {
		assertThat(future).succeedsWithin(WAIT);
		return future.join();
	}

}
