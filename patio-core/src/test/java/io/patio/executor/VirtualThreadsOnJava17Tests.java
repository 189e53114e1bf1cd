package io.patio.executor;

import io.patio.MathTasks;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Before Java 21 the virtual-threads executor refuses to be built, and says why. */
@EnabledForJreRange(max = JRE.JAVA_20)
class VirtualThreadsOnJava17Tests {

	@Test
	void theExecutorRefusesToBeBuiltWithATypedErrorThatSaysWhy() {
		Registry registry = new Registry();
		registry.register("mul", new MathTasks(), "mul");
		assertThat(VirtualThreadPatioExecutor.isSupported()).isFalse();
		assertThatExceptionOfType(VirtualThreadsUnavailableException.class)
			.isThrownBy(() -> new VirtualThreadPatioExecutor(registry))
			.withMessageContaining("needs Java 21 or later")
			.withMessageContaining("this JVM runs Java " + Runtime.version().feature())
			.withMessageContaining("patio.executor.type=thread-pool")
			.satisfies((ex) -> assertThat(ex.getRuntimeVersion()).isEqualTo(Runtime.version().feature()));
	}

}
