package io.patio.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker's health: whether it can serve calls now, and the details that explain it
 * (such as connection counts, or the state of each configured server). Free of any Spring
 * type, so that brokers can report it without Actuator.
 *
 * @param up whether the broker can serve calls
 * @param details plain data that explains the state; never a secret
 */
public record BrokerHealth(boolean up, Map<String, Object> details) {

	public BrokerHealth {
		details = (details != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(details)) : Map.of();
	}

	public static BrokerHealth up(Map<String, Object> details) {
		return new BrokerHealth(true, details);
	}

	public static BrokerHealth down(Map<String, Object> details) {
		return new BrokerHealth(false, details);
	}

}
