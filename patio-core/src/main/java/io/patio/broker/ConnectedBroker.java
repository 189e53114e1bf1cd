package io.patio.broker;

/**
 * A broker that talks to its peers over connections, such as the TCP brokers: the
 * counters that metrics read from it.
 */
public interface ConnectedBroker {

	/** The connections to peers open now. */
	int getConnectionCount();

	/**
	 * Answers dropped because their caller had already given up, over all connections
	 * since the broker started.
	 */
	long getLateAnswers();

}
