package io.patio.call;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;

/**
 * The one timer behind every call timeout in this JVM. Netty's hashed wheel makes
 * scheduling and cancelling a timeout cheap enough for every call, at a precision of 10
 * ms.
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
	 * Runs {@code task} once {@code delayNanos} have passed, unless the returned timeout
	 * is cancelled first. Whatever the task throws is logged and goes no further.
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
		}, Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
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
				Thread thread = new Thread(() -> {
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
				}, "patio-timer");
				thread.setDaemon(true);
				return thread;
			};
		}

	}

}
