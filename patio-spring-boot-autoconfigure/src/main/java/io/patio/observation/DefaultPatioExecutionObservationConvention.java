package io.patio.observation;

import io.micrometer.common.KeyValues;

/**
 * The default {@link PatioExecutionObservationConvention}: the observation is called
 * {@code patio.task.execution}, its span {@code execute <task>}, and it carries the
 * low-cardinality keys {@code task}, {@code outcome}, {@code role} ({@code worker}) and
 * {@code broker.type}. It measures a call from its acceptance by the executor to its end,
 * time in the queue included.
 */
public class DefaultPatioExecutionObservationConvention implements PatioExecutionObservationConvention {

	/** The shared instance. */
	public static final DefaultPatioExecutionObservationConvention INSTANCE = new DefaultPatioExecutionObservationConvention();

	/** The observation's name, and so the timer's. */
	public static final String NAME = "patio.task.execution";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(PatioExecutionContext context) {
		return "execute " + context.getTask();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PatioExecutionContext context) {
		return KeyValues.of(PatioObservationKeys.TASK, context.getTask(), PatioObservationKeys.OUTCOME,
				PatioOutcome.of(context.isFinished(), context.getFailure()), PatioObservationKeys.ROLE, "worker",
				PatioObservationKeys.BROKER_TYPE, context.getBrokerType());
	}

}
