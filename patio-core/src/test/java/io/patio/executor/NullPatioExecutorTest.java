package io.patio.executor;

import io.patio.call.CallRequest;
import java.time.Duration;

import io.patio.MathTasks;
import io.patio.UnknownTaskException;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NullPatioExecutorTest {

	@Test
	void runsNothingAndSaysSo() {
		Registry registry = new Registry();
		registry.register("mul", new MathTasks(), "mul");
		NullPatioExecutor executor = new NullPatioExecutor(registry);
		executor.start();
		assertThat(executor.getTaskNames()).isEmpty();
		assertThat(executor.execute(CallRequest.of("mul", new Object[] { 1 }, null, Duration.ofSeconds(1), null)))
			.failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(UnknownTaskException.class)
			.withMessageContaining("executor is 'none'");
		assertThat(executor.getStats().type()).isEqualTo("none");
		executor.close();
		assertThat(executor.isShutdown()).isTrue();
	}

}
