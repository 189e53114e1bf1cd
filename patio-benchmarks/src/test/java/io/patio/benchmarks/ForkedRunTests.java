package io.patio.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A forked run that fails or hangs fails the harness, saying which run, instead of
 * stalling it or passing as a result; a misspelt scenario fails at once.
 */
class ForkedRunTests {

	@Test
	void returnsTheResultLinesOfARunThatEnds() throws Exception {
		List<String> lines = ForkedRun.fork(Child.class, List.of("print"), "printing child", Duration.ofSeconds(60));
		assertThat(lines).containsExactly("1.0 2.000 3.000 4.000", "5.0 6.000 7.000 8.000");
	}

	@Test
	void killsARunPastItsDeadline() {
		long started = System.nanoTime();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> ForkedRun.fork(Child.class, List.of("hang"), "hanging child", Duration.ofSeconds(3)))
			.withMessageContaining("hanging child")
			.withMessageContaining("did not end within 3 s");
		assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(30));
	}

	@Test
	void failsARunThatExitsWithAnError() {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> ForkedRun.fork(Child.class, List.of("fail"), "failing child", Duration.ofSeconds(60)))
			.withMessageContaining("failing child")
			.withMessageContaining("exited with 1 after 1 results");
	}

	@Test
	void refusesAnUnknownScenarioNamingTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> RemoteScenarios.get("patio-tcp-jsn"))
			.withMessageContaining("patio-tcp-jsn")
			.withMessageContaining("patio-tcp-json");
	}

	/** A forked JVM's main that prints results, hangs, or fails after one result. */
	public static final class Child {

		private Child() {
		}

		public static void main(String[] args) throws Exception {
			switch (args[0]) {
				case "print" -> {
					System.out.println("RESULT 1.0 2.000 3.000 4.000");
					System.out.println("not a result");
					System.out.println("RESULT 5.0 6.000 7.000 8.000");
				}
				case "hang" -> Thread.sleep(TimeUnit.MINUTES.toMillis(10));
				default -> {
					System.out.println("RESULT 1.0 2.000 3.000 4.000");
					System.out.flush();
					System.exit(1);
				}
			}
		}

	}

}
