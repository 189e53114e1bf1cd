package io.patio.executor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.patio.MathTasks;
import io.patio.TaskFailedException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;
import io.patio.call.CallRequest;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An executor that forwards its calls (as the process pool does) gets them as requests,
 * unbound, with their budget's clock started, and ends them through the shared
 * scaffolding: interceptors, result mapping, counters and the timeout sweep.
 */
class ForwardingExecutorTests {

	private final Relay relay;

	ForwardingExecutorTests() {
		Registry registry = new Registry();
		registry.register("mul", new MathTasks(), "mul");
		this.relay = new Relay(registry);
	}

	@AfterEach
	void shutDown() {
		this.relay.shutdown(Duration.ofSeconds(1));
	}

	private PatioCall sent() throws InterruptedException {
		PatioCall call = this.relay.sent.poll(10, TimeUnit.SECONDS);
		assertThat(call).as("a call reached the relay").isNotNull();
		return call;
	}

	@Test
	void aForwardedCallKeepsItsRequestUnboundWithItsClockStartedAndEndsMapped() throws Exception {
		CompletableFuture<Object> result = this.relay.execute(
				CallRequest.of("mul", new Object[] { "6" }, Map.of("b", 7), Duration.ofSeconds(30), Map.of("h", "v")),
				(task, value) -> task + "=" + value);
		CallRequest request = ForwardingPatioExecutor.requestOf(sent());
		assertThat(request.args()).containsExactly("6");
		assertThat(request.kwargs()).isEqualTo(Map.of("b", 7));
		assertThat(request.headers()).isEqualTo(Map.of("h", "v"));
		assertThat(request.hasDeadline()).isTrue();
		assertThat(request.isLazy()).as("a 30 s budget starts lazily, but not once forwarded").isFalse();
		assertThat(result).isNotDone();

		this.relay.answer(42);
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("mul=42");
		await().untilAsserted(() -> assertThat(this.relay.getTaskStats().get("mul").completed()).isEqualTo(1));
	}

	@Test
	void aLocalCallWithPositionalArgumentsIsForwardedAsARequestToo() throws Exception {
		CompletableFuture<Object> result = this.relay.execute("mul", new Object[] { 2, 3 }, null, null);
		assertThat(ForwardingPatioExecutor.requestOf(sent()).args()).containsExactly(2, 3);
		this.relay.answer(6);
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(6);
	}

	@Test
	void anUnknownTaskFailsHereWithoutBeingForwarded() {
		assertThat(this.relay.execute(CallRequest.of("nope", null, null, null, null)))
			.failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(UnknownTaskException.class);
		assertThat(this.relay.sent).isEmpty();
	}

	@Test
	void whatTheWorkerThrowsFailsTheCall() throws Exception {
		CompletableFuture<Object> result = this.relay.execute(CallRequest.of("mul", null, null, null, null));
		sent();
		this.relay.answerError(new IllegalStateException("boom"));
		assertThat(result).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(TaskFailedException.class)
			.withMessageContaining("boom");
		await().untilAsserted(() -> assertThat(this.relay.getStats().failed()).isEqualTo(1));
	}

	@Test
	void theSweepExpiresAForwardedCallWithTheExecutorsOwnError() throws Exception {
		CompletableFuture<Object> result = this.relay
			.execute(CallRequest.of("mul", null, null, Duration.ofMillis(50), null));
		PatioCall call = sent();
		assertThat(result).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(TaskTimeoutException.class)
			.withMessage("relay: too late");
		// The call fails before its worker is interrupted, so the interrupt is awaited.
		assertThat(this.relay.interrupted.poll(10, TimeUnit.SECONDS)).as("the expired call was interrupted")
			.isSameAs(call);
		assertThat(this.relay.interrupted).as("interrupted once").isEmpty();
	}

	/** Forwards its calls to a queue that the test answers. */
	static final class Relay extends ForwardingPatioExecutor {

		final BlockingQueue<PatioCall> sent = new LinkedBlockingQueue<>();

		final BlockingQueue<PatioCall> interrupted = new LinkedBlockingQueue<>();

		private PatioCall last;

		Relay(Registry registry) {
			super(registry, 1, 1);
		}

		void answer(Object value) {
			succeed(this.last, value);
		}

		void answerError(Throwable error) {
			fail(this.last, error);
		}

		@Override
		public String getType() {
			return "relay";
		}

		@Override
		protected void submit(PatioCall call) {
			this.last = call;
			this.sent.add(call);
		}

		@Override
		protected void expireOverdue(long now) {
			PatioCall call = this.last;
			if (call != null && !call.isDone() && isOverdue(call, now)) {
				expire(call, new TaskTimeoutException(call.getTask().getName(), "relay: too late"));
			}
		}

		@Override
		protected void interrupt(PatioCall call) {
			this.interrupted.add(call);
		}

		@Override
		protected boolean isIdle() {
			return this.last == null || this.last.isDone();
		}

		@Override
		protected void failPending() {
			if (this.last != null) {
				fail(this.last, shutDownWhilePending(this.last));
			}
		}

		@Override
		public long getPendingCount() {
			return isIdle() ? 0 : 1;
		}

		@Override
		public ExecutorStats getStats() {
			return new ExecutorStats(getType(), getMaxWorkers(), (int) getPendingCount(), 0, getQueueCapacity(),
					completedCount(), failedCount(), rejectedCount(), isShutdown());
		}

	}

}
