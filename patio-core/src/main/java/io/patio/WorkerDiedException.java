package io.patio;

import org.jspecify.annotations.Nullable;

/**
 * The worker process of a process-pool executor died while the call was on it: the task
 * (or another one on the same worker) called {@code System.exit}, ran out of memory,
 * crashed the JVM, was killed, or the worker was killed because another call on it ran
 * past its timeout. The task may or may not have run; the pool replaces the worker.
 */
public class WorkerDiedException extends PatioException {

	private final long pid;

	private final Integer exitCode;

	public WorkerDiedException(@Nullable String task, long pid, @Nullable Integer exitCode, String message) {
		super(ErrorCode.WORKER_DIED, task, message);
		this.pid = pid;
		this.exitCode = exitCode;
	}

	/** The process id of the worker that died. */
	public long getPid() {
		return this.pid;
	}

	/**
	 * The worker's exit code ({@code 137} after a SIGKILL, {@code 3} after
	 * {@code -XX:+ExitOnOutOfMemoryError}), or {@code null} when the process had not yet
	 * reported one.
	 */
	public @Nullable Integer getExitCode() {
		return this.exitCode;
	}

}
