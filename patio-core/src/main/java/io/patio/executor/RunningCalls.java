package io.patio.executor;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls running on threads of their own, one call per thread, with their threads:
 * what a timeout interrupts, for the virtual-threads executor.
 * <p>
 * A call is published with its thread before the thread runs it, and
 * {@link PatioCall#run()} checks whether the call is done before it invokes the task; a
 * timeout completes the call before it looks its thread up here. Both sides are full
 * fences, so either the thread sees the call done and skips it, or the timeout finds the
 * thread and interrupts it. A thread runs one call and ends, so an interrupt that comes
 * as the task returns reaches no other call. The stress test {@code RunningCallsStress}
 * (module {@code patio-jcstress}) races the two.
 */
final class RunningCalls {

	private final Map<PatioCall, Thread> threads = new ConcurrentHashMap<>();

	/** Publishes the call with the thread that is about to run it. */
	void publish(PatioCall call, Thread thread) {
		this.threads.put(call, thread);
	}

	/** Forgets a call whose task has returned (or that never ran). */
	void remove(PatioCall call) {
		this.threads.remove(call);
	}

	/**
	 * Interrupts the thread running {@code call}, unless it is this thread (the call
	 * expired as it was about to start) or the call's task has returned.
	 * @return whether a thread was interrupted
	 */
	boolean interruptIfRunning(PatioCall call) {
		Thread thread = this.threads.get(call);
		if (thread != null && thread != Thread.currentThread()) {
			thread.interrupt();
			return true;
		}
		return false;
	}

	/** The running calls (a weakly consistent view). */
	Set<PatioCall> calls() {
		return this.threads.keySet();
	}

	/** Their threads (a weakly consistent view). */
	Collection<Thread> threads() {
		return this.threads.values();
	}

}
