package io.patio.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.patio.call.CallRequest;
import io.patio.call.CallTimer;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The async executor starts a queued call when a slot frees; when a timeout frees it, on
 * the timer's thread, the queued task must run elsewhere: nothing a task does runs where
 * every timeout of the JVM waits.
 */
@Timeout(30)
class AsyncQueuedAfterTimeoutTests {

	public static class Tasks {

		final AtomicReference<Thread> ranOn = new AtomicReference<>();

		final CountDownLatch ran = new CountDownLatch(1);

		public CompletionStage<Integer> hang() {
			return new CompletableFuture<>();
		}

		public CompletionStage<Integer> where() {
			this.ranOn.set(Thread.currentThread());
			this.ran.countDown();
			return CompletableFuture.completedFuture(1);
		}

	}

	@Test
	void aQueuedTaskStartedByATimeoutDoesNotRunOnTheTimersThread() throws Exception {
		Tasks tasks = new Tasks();
		Registry registry = new Registry();
		registry.register("hang", tasks, "hang");
		registry.register("where", tasks, "where");
		AsyncPatioExecutor executor = new AsyncPatioExecutor(registry, 1, 10);
		executor.start();
		try {
			AtomicReference<Thread> timerThread = new AtomicReference<>();
			CountDownLatch timerSeen = new CountDownLatch(1);
			CallTimer.schedule(() -> {
				timerThread.set(Thread.currentThread());
				timerSeen.countDown();
			}, 1);
			assertThat(timerSeen.await(5, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Object> hanging = executor
				.execute(CallRequest.of("hang", null, null, Duration.ofMillis(50), null));
			CompletableFuture<Object> queued = executor
				.execute(CallRequest.of("where", null, null, Duration.ofSeconds(10), null));
			assertThat(tasks.ran.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(hanging).isCompletedExceptionally();
			assertThat(queued).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1);
			assertThat(tasks.ranOn.get()).isNotSameAs(timerThread.get());
			assertThat(CallTimer.isTimerThread()).isFalse();
		}
		finally {
			executor.shutdown(Duration.ofSeconds(1));
		}
	}

}
