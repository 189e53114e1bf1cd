package io.patio.call;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Longer than 400 lines because its parts are one state machine under one monitor: the
// run that schedules itself again, arming and disarming, the watchdog that re-arms lost
// runs and the fault injection that tests those paths all read its private state. A
// third of it is the comments that explain the failure cases.
/**
 * A task that runs again and again and never stops for good because something threw:
 * patio's timeout sweep, pings, reconnects and process-pool readiness checks are made of
 * it. Internal to patio; public only so that its packages share it.
 * <ul>
 * <li>Whatever its body throws, {@link OutOfMemoryError} included, is caught (and logged,
 * as far as logging still works), and the task runs again after its retry delay.</li>
 * <li>Should scheduling its next run throw (an {@code Error} while the scheduler
 * allocates, a scheduler that refuses work), the watchdog, one daemon thread started with
 * this class (before any task needs it), schedules it again after the retry delay, and
 * again until it works.</li>
 * <li>Should a scheduled run on the {@link #callTimer() call timer} be lost (the timer's
 * thread died with it), the watchdog sees the task overdue and schedules it again;
 * {@link CallTimer} replaces a timer whose thread died. A run on an event loop or a
 * scheduled executor is not lost, only late when its thread is busy (a blocked event
 * loop, a long GC pause): the watchdog leaves such a task alone.</li>
 * <li>Should it be scheduled again while it runs and that run fire before this one ends
 * (on another thread of its scheduler), it runs again as soon as this one ends.</li>
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

	/** The scheduler on the call timer, whose runs die with its thread. */
	private static final Scheduler CALL_TIMER = new Scheduler() {

		@Override
		public Cancellable schedule(Runnable run, long delayNanos) {
			CallTimer.Timeout timeout = CallTimer.schedule(run, delayNanos);
			return timeout::cancel;
		}

		@Override
		public boolean losesRuns() {
			return true;
		}

	};

	static {
		// started before any task needs it; should that fail, each scheduling tries again
		Watchdog.ensureRunning();
	}

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

	/**
	 * The run armed while this one went on fired before it ended: it runs again as soon
	 * as this one ends.
	 */
	private boolean rerun;

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
		return CALL_TIMER;
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
		return this.armed != null || this.rescue || this.rerun;
	}

	private void run(Shot shot) {
		synchronized (this) {
			if (shot != this.armed || this.cancelled) {
				return; // stale: cancelled, or replaced by a later schedule
			}
			if (this.running) {
				// armed while a run goes on, and fired (on another thread) before that
				// run
				// ended: the run that goes on runs the task again as it ends
				this.armed = null;
				this.handle = null;
				this.rerun = true;
				return;
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
				if (this.rerun) {
					// scheduled again while it ran, and that run is due already
					arm(0L);
				}
				else if (this.cancelled || this.armed != null || this.rescue) {
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
		this.rerun = false;
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
	 * due, and one whose run was lost with its scheduler's thread (only a scheduler that
	 * {@linkplain Scheduler#losesRuns() loses runs}): overdue by more than
	 * {@link #OVERDUE_NANOS} plus {@code slackNanos}, how late the watchdog itself is.
	 * Returns when it wants to be looked at again.
	 */
	synchronized long watch(long now, long slackNanos) {
		if (this.cancelled || this.running) {
			return now + OVERDUE_NANOS;
		}
		if (this.rescue) {
			if (now - this.dueAt >= 0) {
				arm(0L);
			}
			return this.rescue ? this.dueAt : this.dueAt + OVERDUE_NANOS;
		}
		if (this.armed != null && this.scheduler.losesRuns()) {
			long late = now - this.dueAt;
			if (late - OVERDUE_NANOS - Math.max(slackNanos, 0L) > 0) {
				// its run was lost (with its timer's thread): schedule it again
				Watchdog.rescued(late);
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

		/**
		 * Whether a run it accepted may be lost without ever running, as on a timer whose
		 * thread died: only then does the watchdog schedule again a run that is overdue.
		 * An event loop or a scheduled executor runs what it accepted, late at worst.
		 */
		default boolean losesRuns() {
			return false;
		}

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
	 * second) and survives anything it meets. It starts with {@link PeriodicTask}; should
	 * that fail (no thread to be had), or the thread ever be gone, each scheduling of any
	 * task starts it again.
	 */
	static final class Watchdog {

		private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

		/** At most one line about overdue tasks in this long. */
		static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

		private static volatile Thread thread;

		/** Held for a pass over the tasks, and guards what follows. */
		private static final Object PASS = new Object();

		/** Overdue tasks scheduled again in this pass, and the latest of them. */
		private static int rescuedInPass;

		private static long mostLateInPass;

		/** Overdue tasks scheduled again since the last line about them. */
		private static long rescuedUnlogged;

		private static long mostLateUnlogged;

		private static long loggedAt;

		private static boolean logged;

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

		/**
		 * Looks at every task once, as of {@code now}, when the watchdog itself is
		 * {@code slackNanos} late (a GC pause, a starved machine: the timers were late as
		 * well); logs the overdue tasks it scheduled again in one line, at most one such
		 * line per {@link #LOG_EVERY_NANOS}. Returns when it wants to look again.
		 */
		static long pass(long now, long slackNanos) {
			synchronized (PASS) {
				rescuedInPass = 0;
				mostLateInPass = 0L;
				long next = now + MAX_PARK_NANOS;
				for (PeriodicTask task : TASKS) {
					try {
						long wanted = task.watch(now, slackNanos);
						if (wanted - next < 0) {
							next = wanted;
						}
					}
					catch (Throwable ex) {
						next = now; // look again shortly
					}
				}
				if (rescuedInPass > 0) {
					rescuedUnlogged += rescuedInPass;
					mostLateUnlogged = Math.max(mostLateUnlogged, mostLateInPass);
					if (!logged || now - loggedAt - LOG_EVERY_NANOS >= 0) {
						try {
							log.info(
									"{} periodic task(s) on patio's timer were overdue (the most by {} ms), their runs"
											+ " lost with the timer's thread; scheduled again",
									rescuedUnlogged, TimeUnit.NANOSECONDS.toMillis(mostLateUnlogged));
						}
						catch (Throwable ex) {
							// scheduled again all the same
						}
						logged = true;
						loggedAt = now;
						rescuedUnlogged = 0;
						mostLateUnlogged = 0L;
					}
				}
				return next;
			}
		}

		/**
		 * Called under {@link #PASS} by a task it scheduled again, {@code late} overdue.
		 */
		static void rescued(long late) {
			rescuedInPass++;
			mostLateInPass = Math.max(mostLateInPass, late);
		}

		/** For tests: the next overdue task is logged at once. */
		static void forgetLogged() {
			synchronized (PASS) {
				logged = false;
				rescuedUnlogged = 0;
				mostLateUnlogged = 0L;
			}
		}

		private static void loop() {
			long wakeAt = System.nanoTime();
			for (;;) {
				try {
					long now = System.nanoTime();
					// woken early (a task to rescue) or late (a pause that held the
					// timers
					// up too): only the lateness counts, discounted from how overdue a
					// task is
					long next = pass(now, now - wakeAt);
					wakeAt = Math.max(next, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1));
					LockSupport.parkNanos(wakeAt - System.nanoTime());
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
