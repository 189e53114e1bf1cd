package io.patio.executor;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;

/**
 * The one timer behind every call timeout in this JVM. Netty's hashed wheel makes
 * scheduling and cancelling a timeout cheap enough for every call, at a precision of 10
 * ms.
 */
public final class CallTimer {

	private static final HashedWheelTimer TIMER = new HashedWheelTimer(daemonThreads(), 10, TimeUnit.MILLISECONDS, 512);

	private CallTimer() {
	}

	/**
	 * Runs {@code task} once {@code delayNanos} have passed, unless the returned timeout
	 * is cancelled first.
	 */
	public static Timeout schedule(Runnable task, long delayNanos) {
		return TIMER.newTimeout((timeout) -> task.run(), Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
	}

	private static ThreadFactory daemonThreads() {
		return (runnable) -> {
			Thread thread = new Thread(runnable, "patio-timer");
			thread.setDaemon(true);
			return thread;
		};
	}

}
