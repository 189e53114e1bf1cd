package io.patio.executor;

import io.patio.call.CallRequest;
import io.patio.call.CallTimer;
import io.patio.call.CallTimerAccess;
import io.patio.call.PeriodicTask;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.patio.InjectedFaults;
import io.patio.LogCapture;
import io.patio.TaskTimeoutException;
import io.patio.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeout sweep goes on after an {@code Error} in its run, while its next run is
 * scheduled, and after the death of the timer's own thread.
 */
class TimeoutSweepResilienceTests {

	private final GateTasks tasks = new GateTasks();

	private ThreadPoolPatioExecutor executor;

	private ThreadPoolPatioExecutor start() {
		Registry registry = new Registry();
		registry.register("hold", this.tasks, "hold");
		this.executor = new ThreadPoolPatioExecutor(registry, 2, 16);
		this.executor.start();
		return this.executor;
	}

	@AfterEach
	void shutDown() {
		this.tasks.gate.countDown();
		if (this.executor != null) {
			this.executor.shutdown(Duration.ofSeconds(1));
		}
	}

	private String sweepOf(PatioExecutor executor) {
		return "timeout sweep of ThreadPoolPatioExecutor@" + Integer.toHexString(System.identityHashCode(executor));
	}

	private void assertTimesOut(CompletableFuture<Object> call) {
		assertThat(call).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(TaskTimeoutException.class);
	}

	@Test
	void theSweepGoesOnAfterOutOfMemoryErrorsInItsRunAndWhileItIsScheduled() {
		try (InjectedFaults faults = InjectedFaults.install();
				LogCapture logs = LogCapture.of(LogCapture.from(PeriodicTask.class))) {
			// the executor is made first: its name is the sweep's
			Registry registry = new Registry();
			registry.register("hold", this.tasks, "hold");
			this.executor = new ThreadPoolPatioExecutor(registry, 2, 16);
			String sweep = sweepOf(this.executor);
			InjectedFaults.Fault scheduling = faults.add(sweep::equals, PeriodicTask.Phase.SCHEDULE, 3);
			InjectedFaults.Fault running = faults.add(sweep::equals, PeriodicTask.Phase.RUN, 3);
			this.executor.start();
			assertTimesOut(this.executor
				.execute(CallRequest.of("hold", new Object[] { 1 }, null, Duration.ofMillis(100), null)));
			assertThat(scheduling.thrown()).isEqualTo(3);
			assertThat(running.thrown()).isEqualTo(3);
			// and it still runs: a second call times out too
			assertTimesOut(this.executor
				.execute(CallRequest.of("hold", new Object[] { 2 }, null, Duration.ofMillis(100), null)));
			assertThat(logs.entries()).anyMatch((entry) -> entry.hasError(OutOfMemoryError.class));
		}
	}

	@Test
	void theSweepGoesOnAfterTheTimersThreadDied() throws Exception {
		start();
		try (LogCapture logs = LogCapture
			.of(LogCapture.from(CallTimer.class).or(LogCapture.from(PeriodicTask.class)))) {
			Thread timerThread = killTheTimersThread();
			assertThat(timerThread.isAlive()).isFalse();
			// the sweep's next run died with the thread: the watchdog schedules it again,
			// on a new timer
			assertTimesOut(this.executor
				.execute(CallRequest.of("hold", new Object[] { 1 }, null, Duration.ofMillis(100), null)));
			assertThat(logs.entries()).anyMatch((entry) -> entry.format().contains("timer thread died"));
		}
		// a call's own timeout works on the new timer too
		CompletableFuture<Void> fired = new CompletableFuture<>();
		CallTimer.schedule(() -> fired.complete(null), TimeUnit.MILLISECONDS.toNanos(10));
		assertThat(fired).succeedsWithin(Duration.ofSeconds(5));
	}

	/**
	 * Kills the timer's thread as an {@code Error} inside the wheel would: a task's
	 * throwable that fails again when the wheel logs it (as an {@link OutOfMemoryError}
	 * while logging does).
	 */
	private static Thread killTheTimersThread() throws InterruptedException {
		CompletableFuture<Thread> thread = new CompletableFuture<>();
		CallTimerAccess.timer().newTimeout((timeout) -> {
			thread.complete(Thread.currentThread());
			throw new PoisonedError();
		}, 0, TimeUnit.MILLISECONDS);
		Thread timer = thread.join();
		timer.join(10_000);
		return timer;
	}

	/** An error that throws another when asked for its message, as logging does. */
	private static final class PoisonedError extends OutOfMemoryError {

		@Override
		public String getMessage() {
			throw new PoisonedError();
		}

		@Override
		public String getLocalizedMessage() {
			return getMessage();
		}

	}

}
