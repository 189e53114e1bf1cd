package io.patio.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code patio.call} observation, on the caller's side. Declare a bean
 * of this type to change them; {@link DefaultPatioCallObservationConvention} is the
 * default, which a custom convention may extend.
 */
public interface PatioCallObservationConvention extends ObservationConvention<PatioCallContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PatioCallContext;
	}

}
