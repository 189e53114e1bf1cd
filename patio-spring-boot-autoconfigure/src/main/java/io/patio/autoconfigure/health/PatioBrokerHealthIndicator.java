package io.patio.autoconfigure.health;

import io.patio.broker.BrokerDescription;
import io.patio.broker.BrokerHealth;
import io.patio.broker.PatioBroker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of a patio broker. A broker that implements {@link BrokerDescription} (the
 * networked ones) reports its own state, such as listening or connected servers; any
 * other (the memory broker) is UP while it runs and DOWN before it starts and once it is
 * closed.
 */
public class PatioBrokerHealthIndicator implements HealthIndicator {

	private final PatioBroker broker;

	public PatioBrokerHealthIndicator(PatioBroker broker) {
		this.broker = broker;
	}

	@Override
	public Health health() {
		BrokerHealth health = (this.broker instanceof BrokerDescription description) ? description.health()
				: new BrokerHealth(this.broker.isRunning(), java.util.Map.of());
		Health.Builder builder = health.up() ? Health.up() : Health.down();
		builder.withDetail("type", this.broker.getType());
		if (!this.broker.isRunning()) {
			builder.withDetail("reason", "the broker is not running");
		}
		return builder.withDetails(health.details()).build();
	}

}
