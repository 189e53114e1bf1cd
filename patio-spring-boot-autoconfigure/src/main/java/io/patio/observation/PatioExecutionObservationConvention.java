package io.patio.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code patio.task.execution} observation, on the worker's side.
 * Declare a bean of this type to change them;
 * {@link DefaultPatioExecutionObservationConvention} is the default, which a custom
 * convention may extend.
 */
public interface PatioExecutionObservationConvention extends ObservationConvention<PatioExecutionContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PatioExecutionContext;
	}

}
