package io.patio.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
		PeriodicTask.Scheduler losesTheFirst = new PeriodicTask.Scheduler() {

			@Override
			public PeriodicTask.Cancellable schedule(Runnable run, long delay) {
				if (scheduled.incrementAndGet() == 1) {
					return () -> {
					}; // accepted, never run: as with a timer whose thread died
				}
				return PeriodicTask.on(PeriodicTaskTests.this.executor).schedule(run, delay);
			}

			@Override
			public boolean losesRuns() {
				return true;
			}

		};
		CountDownLatch ran = new CountDownLatch(1);
		PeriodicTask.Watchdog.forgetLogged();
		try (LogCapture logs = LogCapture.of((entry) -> entry.logger().equals(PeriodicTask.class.getName()))) {
			PeriodicTask task = new PeriodicTask("lost", losesTheFirst, MILLI, () -> {
				ran.countDown();
				return PeriodicTask.STOP;
			});
			task.schedule(0);
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(scheduled.get()).isGreaterThanOrEqualTo(2);
			// the watchdog logs after it has scheduled the run again, so maybe after it
			// ran
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(logs.entries()).anyMatch((entry) -> entry.format().contains("overdue")));
		}
	}

	@Test
	void aRunThatFiresWhileTheBodyStillRunsRunsAgainAsSoonAsTheBodyEnds() throws Exception {
		ScheduledExecutorService twoThreads = Executors.newScheduledThreadPool(2);
		PeriodicTask.Watchdog.forgetLogged();
		try (LogCapture logs = LogCapture.of((entry) -> entry.logger().equals(PeriodicTask.class.getName()))) {
			CountDownLatch shotDone = new CountDownLatch(2);
			// counts the runs that ended on the scheduler's threads, stale ones included
			PeriodicTask.Scheduler counting = (run, delay) -> PeriodicTask.on(twoThreads).schedule(() -> {
				try {
					run.run();
				}
				finally {
					shotDone.countDown();
				}
			}, delay);
			AtomicInteger runs = new AtomicInteger();
			CountDownLatch secondRun = new CountDownLatch(1);
			PeriodicTask[] task = new PeriodicTask[1];
			task[0] = new PeriodicTask("rescheduled while running", counting, MILLI, () -> {
				if (runs.incrementAndGet() == 1) {
					task[0].schedule(0);
					// the run just scheduled fires on the other thread and ends before
					// this one does
					shotDone.countDown();
					assertThat(shotDone.await(10, TimeUnit.SECONDS)).isTrue();
					return PeriodicTask.STOP;
				}
				secondRun.countDown();
				return PeriodicTask.STOP;
			});
			task[0].schedule(0);
			assertThat(secondRun.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(runs.get()).isEqualTo(2);
			// it ran again at once, not when the watchdog found it overdue
			assertThat(logs.entries()).noneMatch((entry) -> entry.format().contains("overdue"));
			task[0].cancel();
		}
		finally {
			twoThreads.shutdownNow();
		}
	}

	@Test
	void tasksLateOnABlockedEventLoopAreLeftAloneByTheWatchdog() throws Exception {
		CountDownLatch unblock = new CountDownLatch(1);
		this.executor.execute(() -> {
			try {
				unblock.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		AtomicInteger scheduled = new AtomicInteger();
		AtomicInteger runs = new AtomicInteger();
		PeriodicTask.Scheduler counting = (run, delay) -> {
			scheduled.incrementAndGet();
			return PeriodicTask.on(this.executor).schedule(run, delay);
		};
		List<PeriodicTask> tasks = new ArrayList<>();
		PeriodicTask.Watchdog.forgetLogged();
		try (LogCapture logs = LogCapture.of((entry) -> entry.logger().equals(PeriodicTask.class.getName()))) {
			for (int i = 0; i < 100; i++) {
				PeriodicTask task = new PeriodicTask("ping " + i, counting, MILLI, () -> {
					runs.incrementAndGet();
					return PeriodicTask.STOP;
				});
				tasks.add(task);
				task.schedule(0);
			}
			// the watchdog looks at them while the loop is blocked for longer than a run
			// may be overdue, and again later
			long now = System.nanoTime();
			PeriodicTask.Watchdog.pass(now + 2 * PeriodicTask.OVERDUE_NANOS, 0);
			PeriodicTask.Watchdog.pass(now + 4 * PeriodicTask.OVERDUE_NANOS, 0);
			assertThat(scheduled.get()).isEqualTo(100);
			assertThat(logs.entries()).isEmpty();
			unblock.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 100);
		}
		finally {
			unblock.countDown();
			tasks.forEach(PeriodicTask::cancel);
		}
	}

	@Test
	void tasksWhoseRunsAreLostAreScheduledAgainAndLoggedInOneRateLimitedLine() {
		AtomicInteger scheduled = new AtomicInteger();
		PeriodicTask.Scheduler losesAll = new PeriodicTask.Scheduler() {

			@Override
			public PeriodicTask.Cancellable schedule(Runnable run, long delay) {
				scheduled.incrementAndGet();
				return () -> {
				}; // accepted, never run: as with a timer whose thread died
			}

			@Override
			public boolean losesRuns() {
				return true;
			}

		};
		List<PeriodicTask> tasks = new ArrayList<>();
		PeriodicTask.Watchdog.forgetLogged();
		try (LogCapture logs = LogCapture.of((entry) -> entry.logger().equals(PeriodicTask.class.getName()))) {
			for (int i = 0; i < 20; i++) {
				PeriodicTask task = new PeriodicTask("lost " + i, losesAll, MILLI, () -> PeriodicTask.STOP);
				tasks.add(task);
				task.schedule(0);
			}
			long now = System.nanoTime();
			// a watchdog as late as the tasks (a GC pause held both up) leaves them alone
			PeriodicTask.Watchdog.pass(now + 2 * PeriodicTask.OVERDUE_NANOS, 2 * PeriodicTask.OVERDUE_NANOS);
			assertThat(scheduled.get()).isEqualTo(20);
			assertThat(logs.entries()).isEmpty();
			PeriodicTask.Watchdog.pass(now + 2 * PeriodicTask.OVERDUE_NANOS, 0);
			assertThat(scheduled.get()).isEqualTo(40);
			PeriodicTask.Watchdog.pass(now + 4 * PeriodicTask.OVERDUE_NANOS, 0);
			assertThat(scheduled.get()).isEqualTo(60);
			assertThat(logs.entries()).singleElement()
				.satisfies((entry) -> assertThat(entry.format()).contains("periodic task(s)").contains("overdue"));
		}
		finally {
			tasks.forEach(PeriodicTask::cancel);
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
