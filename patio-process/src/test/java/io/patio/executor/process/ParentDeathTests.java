package io.patio.executor.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** No orphans: workers exit by themselves when their parent is killed with SIGKILL. */
class ParentDeathTests {

	@Test
	void workersExitWithinSecondsWhenTheirParentIsKilled() throws Exception {
		Process parent = new ProcessBuilder(ProcessPoolOptions.currentJava(), "-cp",
				System.getProperty("java.class.path"), ForkedPoolParent.class.getName())
			.redirectErrorStream(true)
			.start();
		List<Long> workers = new ArrayList<>();
		try {
			CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
					String read;
					while ((read = reader.readLine()) != null) {
						if (read.startsWith("WORKERS ") || read.startsWith("NOT READY")) {
							return read;
						}
					}
					return "EOF";
				}
				catch (java.io.IOException ex) {
					return "EOF " + ex;
				}
			});
			String workersLine = line.get(60, TimeUnit.SECONDS);
			assertThat(workersLine).startsWith("WORKERS ");
			Arrays.stream(workersLine.substring("WORKERS ".length()).trim().split(" "))
				.map(Long::parseLong)
				.forEach(workers::add);
			assertThat(workers).hasSize(2).allSatisfy((pid) -> assertThat(ProcessHandle.of(pid)).isPresent());

			parent.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup in the
										// parent
			assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(
						() -> assertThat(workers).allSatisfy((pid) -> assertThat(ProcessHandle.of(pid)).isEmpty()));
		}
		finally {
			parent.destroyForcibly();
			for (long pid : workers) {
				ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
	}

}
