package io.patio.autoconfigure.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.patio.WorkerDiedException;
import io.patio.autoconfigure.health.PatioExecutorHealthIndicator;
import io.patio.autoconfigure.process.app.WorkerTestApplication;
import io.patio.broker.PatioBroker;
import io.patio.executor.PatioExecutor;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.executor.process.WorkerStatus;

/**
 * patio.executor.type=process-pool: the same application, in worker mode, runs the tasks.
 */
class SpringProcessPoolTests {

	@Test
	void workersRunTheSameApplicationInWorkerModeAndAreStoppedWithTheContext() {
		List<Long> pids = List.of();
		// the observations the parent makes: registered in the parent only (a worker
		// starts the application class, without this initializer)
		List<String> observed = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerTestApplication.class)
			.initializers((ConfigurableApplicationContext parent) -> parent.getBeanFactory()
				.registerSingleton("recordingObservationHandler", new RecordingObservationHandler(observed)))
			.web(WebApplicationType.NONE)
			.properties("patio.executor.type=process-pool", "patio.executor.max-workers=1",
					"patio.executor.process.jvm-options=-Xmx128m,-XX:TieredStopAtLevel=1",
					"spring.main.banner-mode=off")
			.run();
		try {
			PatioExecutor executor = context.getBean(PatioExecutor.class);
			assertThat(executor).isInstanceOf(ProcessPoolPatioExecutor.class);
			ProcessPoolPatioExecutor pool = (ProcessPoolPatioExecutor) executor;
			PatioBroker broker = context.getBean(PatioBroker.class);
			assertThat(broker.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
			// the process pool's calls are observed like any executor's
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(observed).contains("patio.task.execution mul success"));
			String where = broker.call("where", String.class).join();
			pids = pool.getWorkers().stream().map(WorkerStatus::pid).toList();
			assertThat(where).isEqualTo(pids.get(0) + " true");
			assertThat(new PatioExecutorHealthIndicator(executor).health().getStatus()).isEqualTo(Status.UP);

			assertThatThrownBy(() -> broker.call("exit", Integer.class, 7).join())
				.isInstanceOf(CompletionException.class)
				.cause()
				.isInstanceOfSatisfying(WorkerDiedException.class,
						(died) -> assertThat(died.getExitCode()).isEqualTo(7));
			assertThat(broker.call("mul", Integer.class, 2, 3).join()).isEqualTo(6);
			pids = pool.getWorkers().stream().map(WorkerStatus::pid).toList();
		}
		finally {
			context.close();
		}
		for (long pid : pids) {
			assertThat(ProcessHandle.of(pid)).isEmpty();
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ProcessHandle.current()
				.descendants()
				.noneMatch((process) -> process.info().commandLine().orElse("").contains("SpringProcessWorker")));
	}

	/** Records the name, task and outcome of every observation that stops. */
	private record RecordingObservationHandler(
			List<String> observed) implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context) {
			KeyValue task = context.getLowCardinalityKeyValue("task");
			KeyValue outcome = context.getLowCardinalityKeyValue("outcome");
			this.observed.add(context.getName() + " " + ((task != null) ? task.getValue() : "-") + " "
					+ ((outcome != null) ? outcome.getValue() : "-"));
		}

	}

}
