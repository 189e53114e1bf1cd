package io.patio.executor.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.patio.InjectedFaults;
import io.patio.LogCapture;
import io.patio.call.CallRequest;
import io.patio.call.PeriodicTask;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process pool's readiness checks go on after an {@link OutOfMemoryError} in a check
 * and while the next check is scheduled: the worker becomes ready and serves calls.
 */
class ProcessPoolResilienceTests {

	private ProcessPoolPatioExecutor pool;

	@AfterEach
	void shutDown() {
		if (this.pool != null) {
			List<Long> pids = this.pool.getWorkers().stream().map(WorkerStatus::pid).toList();
			this.pool.shutdown(Duration.ofSeconds(1));
			for (long pid : pids) {
				assertThat(ProcessHandle.of(pid)).isEmpty();
			}
		}
	}

	@Test
	void readinessChecksGoOnAfterOutOfMemoryErrorsInTheCheckAndWhileItIsScheduled() {
		try (InjectedFaults faults = InjectedFaults.install();
				LogCapture logs = LogCapture.of(LogCapture.from(PeriodicTask.class))) {
			InjectedFaults.Fault scheduling = faults.add((task) -> task.startsWith("process-pool readiness"),
					PeriodicTask.Phase.SCHEDULE, 2);
			InjectedFaults.Fault running = faults.add((task) -> task.startsWith("process-pool readiness"),
					PeriodicTask.Phase.RUN, 2);
			this.pool = new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
					ProcessPoolOptions.builder()
						.maxWorkers(1)
						.startupTimeout(Duration.ofSeconds(30))
						.registryFactory(ProcessTasks.Factory.class)
						.build());
			// start() waits until the worker is ready, which only the checks can tell
			this.pool.start();
			assertThat(this.pool.getWorkers()).singleElement()
				.satisfies((worker) -> assertThat(worker.state()).isEqualTo("ready"));
			Object product = this.pool
				.execute(CallRequest.of("mul", new Object[] { 6, 7 }, Map.of(), Duration.ofSeconds(20), Map.of()))
				.join();
			assertThat(String.valueOf(product)).isEqualTo("42");
			assertThat(scheduling.thrown()).isEqualTo(2);
			assertThat(running.thrown()).isEqualTo(2);
			assertThat(logs.entries()).anyMatch((entry) -> entry.hasError(OutOfMemoryError.class));
		}
	}

}
