package io.patio.observation;

/** The low-cardinality keys of patio's observations, and so the tags of their timers. */
public final class PatioObservationKeys {

	/** The task's name. */
	public static final String TASK = "task";

	/** How the call ended: see {@link PatioOutcome}. */
	public static final String OUTCOME = "outcome";

	/**
	 * {@code caller} for {@code patio.call}, {@code worker} for
	 * {@code patio.task.execution}.
	 */
	public static final String ROLE = "role";

	/** The broker's type: {@code memory}, {@code tcp-server}, {@code tcp-client}. */
	public static final String BROKER_TYPE = "broker.type";

	private PatioObservationKeys() {
	}

}
