package io.patio.executor;

/**
 * A snapshot of an executor's counters, for Actuator and metrics.
 *
 * @param type the executor kind: {@code thread-pool}, {@code async}, {@code none}
 * @param maxWorkers the most calls that run at once
 * @param active calls running now
 * @param queued calls accepted and waiting to run
 * @param queueCapacity the most calls that may wait
 * @param completed calls that ended with a result
 * @param failed calls that ended with an error, rejections excluded
 * @param rejected calls turned away because the executor was saturated or shutting down
 * @param shutdown whether the executor has been shut down
 */
public record ExecutorStats(String type, int maxWorkers, int active, int queued, int queueCapacity, long completed,
		long failed, long rejected, boolean shutdown) {

}
