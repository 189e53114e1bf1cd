package io.patio.executor;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Implemented by executors with more to show than {@link ExecutorStats}, such as the
 * process pool's worker processes; Actuator's endpoint and health add it.
 */
public interface ExecutorDescription {

	/** Details for Actuator: plain values, lists and maps; never secrets. */
	Map<String, Object> details();

	/**
	 * Why the executor cannot run calls now (health DOWN), or {@code null} when it can.
	 */
	default @Nullable String unavailableReason() {
		return null;
	}

}
