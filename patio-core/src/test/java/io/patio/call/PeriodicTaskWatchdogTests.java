package io.patio.call;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog runs before any periodic task needs it: one whose first scheduling throws
 * (while a thread could not be started either) is not left without it.
 */
class PeriodicTaskWatchdogTests {

	@Test
	void theWatchdogStartsWithTheClassBeforeAnyTaskIsScheduled() throws Exception {
		// a JVM of its own: in this one, earlier tests scheduled tasks already
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				WatchdogProbe.class.getName())
			.redirectErrorStream(true)
			.start();
		String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(probe.exitValue()).as("exit code of the probe (0 when the watchdog runs); its output: %s", output)
			.isZero();
	}

}
