package io.patio.executor.process;

import java.time.Duration;
import java.time.Instant;

/**
 * One worker process of a {@link ProcessPoolPatioExecutor}, for Actuator and logs.
 *
 * @param slot the worker's place in the pool, 0 to max-workers - 1
 * @param pid the worker's process id
 * @param state {@code starting}, {@code ready}, {@code recycling}, {@code killed} (being
 * replaced) or {@code stopping}
 * @param startedAt when the process was launched
 * @param uptime time since then
 * @param tasksDone calls the worker answered, with a result or with the task's error
 * @param inFlight calls on the worker now
 */
public record WorkerStatus(int slot, long pid, String state, Instant startedAt, Duration uptime, long tasksDone,
		int inFlight) {

}
