package io.patio.broker;

import java.util.Map;

/**
 * What a broker tells Actuator about itself beyond its type: the extension point for
 * networked brokers. The {@code /actuator/patio} endpoint shows {@link #details()} under
 * {@code broker.details}, and the {@code patio} health contributor reports
 * {@link #health()} for the broker.
 * <p>
 * A broker that does not implement it is shown by type alone, and is healthy while it
 * runs. Nothing here may hold a secret (keys, passwords, tokens).
 */
public interface BrokerDescription {

	/**
	 * The broker's state for the Actuator endpoint, such as listening addresses with
	 * their bound ports and every connection. Values are plain data that any JSON mapper
	 * writes: strings, numbers, booleans, lists, maps and records of those.
	 */
	Map<String, Object> details();

	/** Whether the broker can serve calls now, and why; by default up while it runs. */
	default BrokerHealth health() {
		return (this instanceof PatioBroker broker && !broker.isRunning()) ? BrokerHealth.down(Map.of())
				: BrokerHealth.up(Map.of());
	}

}
