package io.patio;

import java.time.Duration;

import io.patio.broker.MemoryBroker;
import io.patio.executor.AsyncPatioExecutor;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The executors and the memory broker refuse a bad setting with an
 * {@link InvalidOptionException} that names the option as the Spring properties spell it,
 * so that the starter can report the property.
 */
class InvalidOptionTests {

	private final Registry registry = new Registry("example");

	@Test
	void executorsRefuseFewerThanOneWorkerAndANegativeQueue() {
		assertThatExceptionOfType(InvalidOptionException.class)
			.isThrownBy(() -> new ThreadPoolPatioExecutor(this.registry, 0, 10))
			.withMessage("max-workers must be at least 1, not 0")
			.satisfies((ex) -> assertThat(ex.getOption()).isEqualTo("max-workers"));
		assertThatExceptionOfType(InvalidOptionException.class)
			.isThrownBy(() -> new AsyncPatioExecutor(this.registry, 4, -1))
			.withMessage("queue-capacity must be 0 (no queue) or more, not -1")
			.satisfies((ex) -> assertThat(ex.getOption()).isEqualTo("queue-capacity"));
	}

	@Test
	void theMemoryBrokerRefusesATimeoutThatIsNotPositive() {
		NullPatioExecutor executor = new NullPatioExecutor(this.registry);
		for (Duration timeout : new Duration[] { Duration.ZERO, Duration.ofSeconds(-1) }) {
			assertThatExceptionOfType(InvalidOptionException.class)
				.isThrownBy(() -> new MemoryBroker(executor, timeout))
				.withMessageStartingWith("timeout must be a positive duration")
				.satisfies((ex) -> assertThat(ex.getOption()).isEqualTo("timeout"));
		}
		assertThatNoException().isThrownBy(() -> new MemoryBroker(executor, Duration.ofMillis(1)).close());
	}

}
