package io.patio.broker.rabbitmq;

/**
 * What a worker does with a call RabbitMQ delivers again ({@code redelivered}), because
 * the worker that took it first went away before it acknowledged it, perhaps after
 * running it.
 */
public enum RedeliveredCalls {

	/**
	 * Do not run it: answer an error saying that the call may have run (a
	 * {@link io.patio.ConnectionLostException} for a Java caller). At most once, as on
	 * every patio broker. The default.
	 */
	REFUSE,

	/** Run it again: at least once, as patio-rabbitmq's Python workers do. */
	RUN

}
