package io.patio.executor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task that runs again and again and never stops for good because something threw:
 * patio's timeout sweep, pings, reconnects and process-pool readiness checks are made of
 * it. Internal to patio; public only so that its packages share it.
 * <ul>
 * <li>Whatever its body throws, {@link OutOfMemoryError} included, is caught (and logged,
 * as far as logging still works), and the task runs again after its retry delay.</li>
 * <li>Should scheduling its next run throw (an {@code Error} while the scheduler
 * allocates, a scheduler that refuses work), the watchdog, one daemon thread started with
 * the first periodic task, schedules it again after the retry delay, and again until it
 * works.</li>
 * <li>Should a scheduled run be lost (the timer's thread died with it), the watchdog sees
 * the task overdue and schedules it again; {@link CallTimer} replaces a timer whose
 * thread died.</li>
 * </ul>
 * A task that is not scheduled (its body returned {@link #STOP}, or it was cancelled)
 * costs nothing and is not watched.
 */
public final class PeriodicTask {

	/** Returned by a body that does not want to run again until scheduled anew. */
	public static final long STOP = -1L;

	/**
	 * How late a scheduled run may be before the watchdog takes its scheduler for dead
	 * and schedules it again.
	 */
	static final long OVERDUE_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

	private static volatile FaultInjector faults;

	/** The tasks scheduled now: what the watchdog looks after. */
	private static final Set<PeriodicTask> TASKS = ConcurrentHashMap.newKeySet();

	private final String name;

	private final Scheduler scheduler;

	private final long retryNanos;

	private final Body body;

	// ---- guarded by this

	/** The run that may go next; any other is stale and does nothing. */
	private Shot armed;

	private Cancellable handle;

	/** When {@link #armed} is due ({@link System#nanoTime()}). */
	private long dueAt;

	/** Scheduling failed: the watchdog tries again at {@link #dueAt}. */
	private boolean rescue;

	private boolean running;

	private boolean cancelled;

	/** Whether the last run failed, so that a streak of failures is logged once. */
	private boolean bodyFailing;

	/** Whether the last scheduling failed, logged once per streak too. */
	private boolean scheduleFailing;

	/**
	 * @param name what the task is, for the log (and for tests that inject faults)
	 * @param scheduler where its runs are scheduled
	 * @param retryNanos how long after a failure (of the body, or of scheduling) it is
	 * tried again
	 * @param body one run; returns the delay to the next run in nanoseconds, or
	 * {@link #STOP}
	 */
	public PeriodicTask(String name, Scheduler scheduler, long retryNanos, Body body) {
		this.name = name;
		this.scheduler = scheduler;
		this.retryNanos = Math.max(retryNanos, 1L);
		this.body = body;
	}

	/**
	 * A scheduler on a Netty event loop (group) or any scheduled executor service; once
	 * it is shut down, the task stops.
	 */
	public static Scheduler on(ScheduledExecutorService executor) {
		return (run, delayNanos) -> {
			ScheduledFuture<?> future;
			try {
				future = executor.schedule(run, delayNanos, TimeUnit.NANOSECONDS);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				if (executor.isShutdown()) {
					return null;
				}
				throw ex;
			}
			return () -> future.cancel(false);
		};
	}

	/** The scheduler on the JVM's {@link CallTimer}. */
	public static Scheduler callTimer() {
		return (run, delayNanos) -> {
			io.netty.util.Timeout timeout = CallTimer.schedule(run, delayNanos);
			return timeout::cancel;
		};
	}

	public String getName() {
		return this.name;
	}

	/**
	 * Runs the task after {@code delayNanos}, in place of a run already scheduled; a task
	 * running now runs again after that delay, whatever its body returns. Does nothing
	 * once cancelled.
	 */
	public synchronized void schedule(long delayNanos) {
		if (this.cancelled) {
			return;
		}
		arm(Math.max(delayNanos, 0L));
	}

	/** Stops the task for good; a run going on finishes. */
	public synchronized void cancel() {
		this.cancelled = true;
		disarm();
		TASKS.remove(this);
	}

	public synchronized boolean isCancelled() {
		return this.cancelled;
	}

	/** Whether a run is scheduled (or the watchdog is to schedule it). */
	public synchronized boolean isScheduled() {
		return this.armed != null || this.rescue;
	}

	private void run(Shot shot) {
		synchronized (this) {
			if (shot != this.armed || this.cancelled || this.running) {
				return; // stale: cancelled, or replaced by a later schedule
			}
			this.armed = null;
			this.handle = null;
			this.running = true;
		}
		long next = this.retryNanos;
		boolean failed = true;
		try {
			inject(Phase.RUN);
			next = this.body.run();
			failed = false;
		}
		catch (Throwable ex) {
			if (!this.bodyFailing) {
				report(ex, "failed; it runs again every {} ms until it works");
			}
		}
		finally {
			if (this.bodyFailing && !failed) {
				report(null, "runs again");
			}
			this.bodyFailing = failed;
			synchronized (this) {
				this.running = false;
				if (this.cancelled || this.armed != null || this.rescue) {
					// scheduled again while it ran: that schedule stands
				}
				else if (next < 0) {
					TASKS.remove(this);
				}
				else {
					arm(next);
				}
			}
		}
	}

	/** Schedules the next run; under the lock. */
	private void arm(long delayNanos) {
		disarm();
		this.dueAt = System.nanoTime() + delayNanos;
		try {
			Shot shot = new Shot(this);
			this.armed = shot;
			TASKS.add(this);
			Watchdog.ensureRunning();
			inject(Phase.SCHEDULE);
			Cancellable scheduled = this.scheduler.schedule(this.armed, delayNanos);
			if (scheduled == null) {
				// the scheduler was shut down for good, and the task with it
				this.cancelled = true;
				this.armed = null;
				TASKS.remove(this);
				return;
			}
			this.handle = scheduled;
			if (this.scheduleFailing) {
				this.scheduleFailing = false;
				report(null, "is scheduled again");
			}
		}
		catch (Throwable ex) {
			// the watchdog schedules it again after the retry delay, and again until it
			// works
			this.armed = null;
			this.rescue = true;
			this.dueAt = System.nanoTime() + this.retryNanos;
			try {
				TASKS.add(this); // a no-op unless adding it was what failed
			}
			catch (Throwable again) {
				// nothing more to do
			}
			Watchdog.wake();
			if (!this.scheduleFailing) {
				this.scheduleFailing = true;
				report(ex, "could not be scheduled; the watchdog tries again every {} ms until it works");
			}
		}
	}

	private void disarm() {
		this.armed = null;
		this.rescue = false;
		Cancellable previous = this.handle;
		this.handle = null;
		if (previous != null) {
			try {
				previous.cancel();
			}
			catch (Throwable ex) {
				// the stale run does nothing when it comes
			}
		}
	}

	/**
	 * Called by the watchdog: schedules a task whose scheduling failed once its retry is
	 * due, and one whose run is overdue. Returns when it wants to be looked at again.
	 */
	synchronized long watch(long now) {
		if (this.cancelled || this.running) {
			return now + OVERDUE_NANOS;
		}
		if (this.rescue) {
			if (now - this.dueAt >= 0) {
				arm(0L);
			}
			return this.rescue ? this.dueAt : this.dueAt + OVERDUE_NANOS;
		}
		if (this.armed != null) {
			if (now - this.dueAt > OVERDUE_NANOS) {
				// its run was lost (e.g. with its timer's thread): schedule it again
				try {
					log.info("Periodic task '{}' was overdue by {} ms; scheduled again", this.name,
							TimeUnit.NANOSECONDS.toMillis(now - this.dueAt));
				}
				catch (Throwable ex) {
					// scheduled again all the same
				}
				arm(0L);
			}
			return this.dueAt + OVERDUE_NANOS;
		}
		return now + OVERDUE_NANOS;
	}

	private void inject(Phase phase) {
		FaultInjector injector = faults;
		if (injector != null) {
			injector.inject(this.name, phase);
		}
	}

	/**
	 * Logs as far as logging works: under memory pressure it may throw too. A {@code {}}
	 * in {@code what} stands for the retry delay in milliseconds.
	 */
	private void report(Throwable error, String what) {
		try {
			log.warn("Periodic task '{}' " + what, this.name, TimeUnit.NANOSECONDS.toMillis(this.retryNanos), error);
		}
		catch (Throwable ex) {
			// nothing more to do: the task goes on all the same
		}
	}

	@Override
	public String toString() {
		return "PeriodicTask[" + this.name + "]";
	}

	/**
	 * For tests: called with the task's name before each run and each scheduling of every
	 * periodic task, to make them throw; {@code null} (the default) removes it.
	 */
	public static void injectFaults(FaultInjector injector) {
		faults = injector;
	}

	/** Where a test may inject a fault. */
	public enum Phase {

		/** Before the body runs, as if it threw. */
		RUN,
		/** Before the next run is scheduled, as if the scheduler threw. */
		SCHEDULE

	}

	/** Makes periodic tasks throw, for tests. */
	@FunctionalInterface
	public interface FaultInjector {

		void inject(String taskName, Phase phase);

	}

	/** One run of a task. */
	@FunctionalInterface
	public interface Body {

		/**
		 * Runs once.
		 * @return nanoseconds until the next run, or {@link #STOP}
		 */
		long run() throws Exception;

	}

	/** Schedules a run once; may throw. */
	@FunctionalInterface
	public interface Scheduler {

		/**
		 * Schedules {@code run} after {@code delayNanos}.
		 * @return how to cancel it, or {@code null} when the scheduler is shut down for
		 * good (the task then stops)
		 */
		Cancellable schedule(Runnable run, long delayNanos);

	}

	/** Cancels a scheduled run. */
	@FunctionalInterface
	public interface Cancellable {

		void cancel();

	}

	/** One scheduled run: it runs the task only if it is still the one armed. */
	private static final class Shot implements Runnable {

		private final PeriodicTask task;

		Shot(PeriodicTask task) {
			this.task = task;
		}

		@Override
		public void run() {
			this.task.run(this);
		}

	}

	/**
	 * The one daemon thread that schedules again what could not be scheduled, or whose
	 * run was lost. It parks until the next task is due to be looked at (at most a
	 * second) and survives anything it meets; should it ever be gone, the next task that
	 * needs it starts another.
	 */
	static final class Watchdog {

		private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

		private static volatile Thread thread;

		private Watchdog() {
		}

		static void ensureRunning() {
			Thread current = thread;
			if (current == null || !current.isAlive()) {
				start();
			}
		}

		/** Starts the watchdog if it is not running, and wakes it. */
		static void wake() {
			Thread current = thread;
			if (current == null || !current.isAlive()) {
				current = start();
			}
			if (current != null) {
				LockSupport.unpark(current);
			}
		}

		private static synchronized Thread start() {
			Thread current = thread;
			if (current != null && current.isAlive()) {
				return current;
			}
			try {
				current = new Thread(Watchdog::loop, "patio-watchdog");
				current.setDaemon(true);
				current.start();
				thread = current;
				return current;
			}
			catch (Throwable ex) {
				return null; // tried again at the next wake
			}
		}

		private static void loop() {
			for (;;) {
				try {
					long now = System.nanoTime();
					long next = now + MAX_PARK_NANOS;
					for (PeriodicTask task : TASKS) {
						try {
							long wanted = task.watch(now);
							if (wanted - next < 0) {
								next = wanted;
							}
						}
						catch (Throwable ex) {
							next = now; // look again shortly
						}
					}
					LockSupport.parkNanos(Math.max(next - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
				}
				catch (Throwable ex) {
					try {
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
					}
					catch (Throwable again) {
						// go round
					}
				}
			}
		}

	}

}
