package io.patio.autoconfigure.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.patio.autoconfigure.process.app.WorkerTestApplication;
import io.patio.broker.PatioBroker;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.executor.process.WorkerStatus;

/**
 * A process-pool worker runs with the parent's command-line arguments and active
 * profiles; its own settings win over them, the worker mode wins over everything, and
 * none of it is on the worker's command line. A worker whose tasks differ is refused.
 */
class SpringProcessWorkerConfigurationTests {

	private static final String SQUARE = WorkerTestApplication.WorkerTasks.class.getName() + ".square";

	private ConfigurableApplicationContext context;

	@AfterEach
	void closeAndCheckNoWorkerIsLeft() {
		if (this.context != null) {
			this.context.close();
		}
		await().atMost(Duration.ofSeconds(15))
			.until(() -> ProcessHandle.current()
				.descendants()
				.noneMatch((process) -> process.info().commandLine().orElse("").contains("SpringProcessWorker")));
	}

	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(WorkerTestApplication.class).web(WebApplicationType.NONE);
	}

	@Test
	void aWorkerRunsWithTheParentsArgumentsAndProfilesBelowItsOwnSettings() throws Exception {
		String secret = "secret-" + UUID.randomUUID();
		this.context = application().run("--patio.project=demo", "--patio.executor.type=process-pool",
				"--patio.executor.max-workers=1", "--spring.profiles.active=workerprofile",
				"--patio.executor.process.jvm-options=-Xmx128m,-XX:TieredStopAtLevel=1,-Dpatio.test.jvm=worker-jvm",
				"--patio.executor.process.properties.patio.test.own=worker-property", "--patio.test.own=parent",
				"--patio.test.jvm=parent", "--patio.test.argument=" + secret, "--patio.broker.tcp.key=" + secret,
				"--spring.main.banner-mode=off");
		PatioBroker broker = this.context.getBean(PatioBroker.class);

		// the task name has the project prefix in the worker too: the call
		assertThat(broker.call("demo." + SQUARE, Integer.class, 7).join()).isEqualTo(49);
		assertThat(property(broker, "patio.test.argument")).isEqualTo(secret);
		assertThat(broker.call("profiles", String.class).join()).isEqualTo("workerprofile");
		assertThat(property(broker, "patio.test.profile-file")).isEqualTo("loaded");
		// the worker's own settings win over the parent's
		assertThat(property(broker, "patio.test.own")).isEqualTo("worker-property");
		assertThat(property(broker, "patio.test.jvm")).isEqualTo("worker-jvm");
		// the worker mode wins over everything
		assertThat(property(broker, "patio.executor.type")).isEqualTo("thread-pool");
		assertThat(property(broker, "patio.executor.process.worker")).isEqualTo("true");
		assertThat(property(broker, "patio.broker.tcp.key")).isNotEqualTo(secret);

		ProcessPoolPatioExecutor pool = this.context.getBean(ProcessPoolPatioExecutor.class);
		List<Long> pids = pool.getWorkers().stream().map(WorkerStatus::pid).toList();
		assertThat(pids).hasSize(1);
		List<String> arguments = commandLineOf(pids.get(0));
		assertThat(arguments).contains(SpringProcessWorker.class.getName(), "-Dpatio.test.jvm=worker-jvm")
			.noneMatch((argument) -> argument.contains(secret) || argument.contains("demo")
					|| argument.contains("workerprofile") || argument.contains("worker-property"));
	}

	@Test
	void aWorkerWhoseTasksDifferIsRefusedAtStartWithTheDifference() {
		// a property set in code does not reach the workers (out of scope by design):
		// they register square without the project prefix
		assertThatThrownBy(() -> this.context = application()
			.properties("patio.project=demo", "patio.executor.type=process-pool", "patio.executor.max-workers=1",
					"patio.executor.process.jvm-options=-Xmx128m,-XX:TieredStopAtLevel=1",
					"patio.executor.process.startup-timeout=120s", "spring.main.banner-mode=off")
			.run()).rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining(
					"worker registry differs from the parent's: missing [demo." + SQUARE + "], extra [" + SQUARE + "]");
	}

	private static String property(PatioBroker broker, String name) {
		return broker.call("property", String.class, name).join();
	}

	/**
	 * The process's command line as {@code ps} shows it: {@code /proc/<pid>/cmdline}
	 * where there is one ({@code ProcessHandle.Info.arguments()} is empty for long
	 * command lines), else {@code ProcessHandle.Info.commandLine()}.
	 */
	static List<String> commandLineOf(long pid) throws java.io.IOException {
		java.nio.file.Path proc = java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline");
		if (java.nio.file.Files.isReadable(proc)) {
			return List.of(new String(java.nio.file.Files.readAllBytes(proc), StandardCharsets.UTF_8).split("\u0000"));
		}
		return List
			.of(ProcessHandle.of(pid).flatMap((process) -> process.info().commandLine()).orElseThrow().split(" "));
	}

}
