package io.patio.autoconfigure;

import java.net.InetSocketAddress;
import java.util.List;

import io.patio.broker.PatioBroker;

import org.springframework.context.ApplicationEvent;

/**
 * Published by {@link PatioBrokerLifecycle} once the broker has started: it takes calls
 * from now on, and a listening broker (see {@link io.patio.broker.ListeningBroker}) is
 * bound, so that an application configured with port 0 learns which port it got.
 */
public class PatioBrokerStartedEvent extends ApplicationEvent {

	private final List<InetSocketAddress> boundAddresses;

	/**
	 * @param broker the broker that started
	 * @param boundAddresses where it listens; empty for a broker that listens nowhere
	 */
	public PatioBrokerStartedEvent(PatioBroker broker, List<InetSocketAddress> boundAddresses) {
		super(broker);
		this.boundAddresses = List.copyOf(boundAddresses);
	}

	/** The broker that started. */
	public PatioBroker getBroker() {
		return (PatioBroker) getSource();
	}

	/**
	 * The addresses the broker is bound to, with the real port where port 0 was asked
	 * for; empty for a broker that listens nowhere (memory, tcp-client).
	 */
	public List<InetSocketAddress> getBoundAddresses() {
		return this.boundAddresses;
	}

}
