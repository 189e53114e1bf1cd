package io.patio.executor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.patio.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PeriodicTask} goes on whatever is thrown in it or at its scheduler, and stops
 * only when told to.
 */
class PeriodicTaskTests {

	private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	@Test
	void aBodyThatThrowsAnOutOfMemoryErrorRunsAgain() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch thirdRun = new CountDownLatch(3);
		try (LogCapture logs = LogCapture.of(LogCapture.from(PeriodicTask.class))) {
			PeriodicTask task = new PeriodicTask("flaky", PeriodicTask.on(this.executor), MILLI, () -> {
				thirdRun.countDown();
				if (runs.incrementAndGet() == 1) {
					throw new OutOfMemoryError("thrown on purpose");
				}
				return MILLI;
			});
			task.schedule(0);
			assertThat(thirdRun.await(10, TimeUnit.SECONDS)).isTrue();
			task.cancel();
			assertThat(logs.entries()).anyMatch((entry) -> entry.hasError(OutOfMemoryError.class)
					&& entry.format().startsWith("Periodic task '{}' failed"));
		}
	}

	@Test
	void aRunWhoseSchedulingThrowsIsScheduledAgainByTheWatchdog() throws Exception {
		AtomicInteger refusals = new AtomicInteger(3);
		PeriodicTask.Scheduler failing = (run, delay) -> {
			if (refusals.getAndDecrement() > 0) {
				throw new OutOfMemoryError("thrown on purpose while scheduling");
			}
			return PeriodicTask.on(this.executor).schedule(run, delay);
		};
		CountDownLatch twoRuns = new CountDownLatch(2);
		try (LogCapture logs = LogCapture.of(LogCapture.from(PeriodicTask.class))) {
			PeriodicTask task = new PeriodicTask("refused", failing, MILLI, () -> {
				twoRuns.countDown();
				return MILLI;
			});
			task.schedule(0);
			assertThat(twoRuns.await(10, TimeUnit.SECONDS)).isTrue();
			task.cancel();
			assertThat(refusals.get()).isNegative();
			// one line for the streak of failures, one when it works again
			assertThat(logs.entries()).filteredOn((entry) -> entry.hasError(OutOfMemoryError.class)).hasSize(1);
		}
	}

	@Test
	void aRunLostWithItsTimerIsScheduledAgain() throws Exception {
		AtomicInteger scheduled = new AtomicInteger();
		PeriodicTask.Scheduler losesTheFirst = (run, delay) -> {
			if (scheduled.incrementAndGet() == 1) {
				return () -> {
				}; // accepted, never run: as with a timer whose thread died
			}
			return PeriodicTask.on(this.executor).schedule(run, delay);
		};
		CountDownLatch ran = new CountDownLatch(1);
		try (LogCapture logs = LogCapture.of((entry) -> entry.logger().equals(PeriodicTask.class.getName()))) {
			PeriodicTask task = new PeriodicTask("lost", losesTheFirst, MILLI, () -> {
				ran.countDown();
				return PeriodicTask.STOP;
			});
			task.schedule(0);
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(scheduled.get()).isGreaterThanOrEqualTo(2);
			assertThat(logs.entries()).anyMatch((entry) -> entry.format().contains("was overdue"));
		}
	}

	@Test
	void aTaskWhoseSchedulerIsShutDownStops() {
		this.executor.shutdown();
		PeriodicTask task = new PeriodicTask("orphan", PeriodicTask.on(this.executor), MILLI, () -> MILLI);
		task.schedule(0);
		assertThat(task.isCancelled()).isTrue();
		assertThat(task.isScheduled()).isFalse();
	}

	@Test
	void aCancelledTaskRunsNoMore() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch ran = new CountDownLatch(1);
		PeriodicTask task = new PeriodicTask("cancelled", PeriodicTask.on(this.executor), MILLI, () -> {
			runs.incrementAndGet();
			ran.countDown();
			return MILLI;
		});
		task.schedule(0);
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		task.cancel();
		int after = runs.get();
		// a run that had started may finish; none starts after it
		this.executor.submit(() -> null).get(10, TimeUnit.SECONDS);
		await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() <= after + 1);
		assertThat(task.isScheduled()).isFalse();
	}

}
