package io.patio.call;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.HashedWheelTimer;

/**
 * The one timer behind every call timeout in this JVM. Netty's hashed wheel (from
 * {@code netty-common}, the only part of Netty core uses) makes scheduling and cancelling
 * a timeout cheap enough for every call, at a precision of 10 ms. There is one timeout
 * mechanism, in two forms, and both run on this timer:
 * <ul>
 * <li><b>The sweep</b>, for calls an in-JVM executor runs (thread pool, async): instead
 * of a timer per call, each executor's {@link PeriodicTask} on this timer fails the calls
 * whose budget has run out every {@value CallRequest#SWEEP_MILLIS} ms, wherever they are
 * (queued, running, waiting for their stage). A call that ends in time costs nothing
 * here, and a budget of {@value CallRequest#LAZY_MILLIS} ms or more starts its clock only
 * when the sweep first sees the call (the lazy budget of {@link CallRequest}), so the hot
 * path reads no clock. The process pool's calls are such calls too (the sweep kills the
 * worker of a call past its timeout), and so are the TCP server side's, which run on its
 * executor. A TCP broker sweeps its calls in flight (sent, waiting for their answer) the
 * same way, on a {@link PeriodicTask} of its own.</li>
 * <li><b>One timeout per call</b> ({@link #schedule}), for calls that wait on something
 * outside an executor and outside a sweep, each cancelled when the call ends first: a TCP
 * call waiting for a peer to offer its task, and a call made before its broker started.
 * These calls start their clock when they are made.</li>
 * </ul>
 * Other periodic work that is not a call's timeout runs where its work is: pings,
 * reconnects and handshake deadlines on their channel's event loop, a process pool's
 * readiness checks and restarts on its own thread; {@link PeriodicTask} keeps all of them
 * alive.
 * <p>
 * Nothing a task throws reaches the wheel's thread. Should that thread die all the same
 * (an {@code Error} inside the wheel itself), the next schedule starts a new wheel; the
 * {@link PeriodicTask}s whose runs died with the old one are scheduled again by their
 * watchdog. Timeouts of single calls that were pending on the dead wheel are lost: those
 * calls still end with their answer, or when their connection is lost.
 */
public final class CallTimer {

	private static final Logger log = LoggerFactory.getLogger(CallTimer.class);

	private static volatile Wheel wheel = new Wheel();

	private CallTimer() {
	}

	/**
	 * Runs {@code task} on the timer's thread once {@code delayNanos} have passed, unless
	 * the returned timeout is cancelled first: one call's timeout. Whatever the task
	 * throws is logged and goes no further. The task should be short and never block: it
	 * holds up every other timeout of the JVM while it runs.
	 */
	public static Timeout schedule(Runnable task, long delayNanos) {
		return timer().newTimeout((timeout) -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				try {
					log.warn("A timer task failed", ex);
				}
				catch (Throwable again) {
					// logging failed too: the timer's thread goes on all the same
				}
			}
		}, Math.max(delayNanos, 0), TimeUnit.NANOSECONDS)::cancel;
	}

	/**
	 * Whether this is the timer's thread: where no task may run, so that code which may
	 * find itself there (a call ended by its timeout, whose completion would start the
	 * next one) can go elsewhere.
	 */
	public static boolean isTimerThread() {
		return Thread.currentThread() instanceof TimerThread;
	}

	/** The timer's thread, told apart by its class. */
	private static final class TimerThread extends Thread {

		TimerThread(Runnable body) {
			super(body, "patio-timer");
		}

	}

	/** A pending timeout; cancelling it once it ran, or again, does nothing. */
	@FunctionalInterface
	public interface Timeout {

		/** Cancels the timeout unless it ran already. */
		void cancel();

	}

	/** The wheel to schedule on: a new one once the thread of the last one died. */
	static HashedWheelTimer timer() {
		Wheel current = wheel;
		return current.dead ? replace(current) : current.timer;
	}

	private static synchronized HashedWheelTimer replace(Wheel dead) {
		if (wheel == dead) {
			wheel = new Wheel();
			log.warn("patio's timer thread had died; a new one took over");
		}
		return wheel.timer;
	}

	/** A hashed wheel and whether its thread died. */
	private static final class Wheel {

		private volatile boolean dead;

		private final HashedWheelTimer timer = new HashedWheelTimer(threads(), 10, TimeUnit.MILLISECONDS, 512);

		/**
		 * The wheel's thread, which marks the wheel dead should it ever end (this timer
		 * is never stopped) and wakes the watchdog, so that periodic tasks move to a new
		 * wheel.
		 */
		private ThreadFactory threads() {
			return (runnable) -> {
				Thread thread = new TimerThread(() -> {
					try {
						runnable.run();
					}
					catch (Throwable ex) {
						try {
							log.error("patio's timer thread died; the next timeout starts a new one", ex);
						}
						catch (Throwable again) {
							// nothing more to do
						}
					}
					finally {
						this.dead = true;
						PeriodicTask.Watchdog.wake();
					}
				});
				thread.setDaemon(true);
				return thread;
			};
		}

	}

}
