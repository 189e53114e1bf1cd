package io.patio.executor.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class RegistryDifferenceTests {

	@Test
	void theRegistryDifferenceNamesMissingExtraAndDifferentDigestTasks() {
		assertThat(RegistryDifference.between(Set.of("a", "b"), Set.of("b", "a"), false)).isNull();
		assertThat(RegistryDifference.between(Set.of("demo.x.Tasks.square"), Set.of("x.Tasks.square"), false))
			.startsWith("worker registry differs from the parent's: missing [demo.x.Tasks.square],"
					+ " extra [x.Tasks.square].");
		assertThat(RegistryDifference.between(Set.of("x.Tasks.square.1a2b", "mul", "x.Tasks.cube.c0"),
				Set.of("x.Tasks.square.9f8e", "x.Tasks.cube.c0", "div"), true))
			.startsWith("worker registry differs from the parent's: missing [mul], extra [div],"
					+ " different bytecode digest [x.Tasks.square (parent 1a2b, worker 9f8e)].");
	}

}
