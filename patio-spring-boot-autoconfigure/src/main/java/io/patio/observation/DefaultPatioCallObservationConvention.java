package io.patio.observation;

import io.micrometer.common.KeyValues;

/**
 * The default {@link PatioCallObservationConvention}: the observation is called
 * {@code patio.call}, its span {@code call <task>}, and it carries the low-cardinality
 * keys {@code task}, {@code outcome}, {@code role} ({@code caller}) and
 * {@code broker.type}.
 * <p>
 * The task name is low-cardinality as long as callers call registered tasks; it is what
 * dashboards group by.
 */
public class DefaultPatioCallObservationConvention implements PatioCallObservationConvention {

	/** The shared instance. */
	public static final DefaultPatioCallObservationConvention INSTANCE = new DefaultPatioCallObservationConvention();

	/** The observation's name, and so the timer's. */
	public static final String NAME = "patio.call";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(PatioCallContext context) {
		return "call " + context.getTask();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PatioCallContext context) {
		return KeyValues.of(PatioObservationKeys.TASK, context.getTask(), PatioObservationKeys.OUTCOME,
				PatioOutcome.of(context.isFinished(), context.getFailure()), PatioObservationKeys.ROLE, "caller",
				PatioObservationKeys.BROKER_TYPE, context.getBrokerType());
	}

}
