package io.patio.executor.process;

import java.time.Duration;
import java.util.stream.Collectors;

/**
 * A parent process for {@link ParentDeathTests}: starts a pool of two workers, prints
 * their pids on one line ({@code WORKERS <pid> <pid>}) and waits to be killed.
 */
public final class ForkedPoolParent {

	private ForkedPoolParent() {
	}

	public static void main(String[] args) throws InterruptedException {
		ProcessPoolPatioExecutor pool = new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
				ProcessPoolOptions.builder().maxWorkers(2).registryFactory(ProcessTasks.Factory.class).build());
		pool.start();
		if (!pool.awaitReady(Duration.ofSeconds(30))) {
			System.out.println("NOT READY");
			System.exit(1);
		}
		System.out.println("WORKERS " + pool.getWorkers()
			.stream()
			.map((worker) -> Long.toString(worker.pid()))
			.collect(Collectors.joining(" ")));
		System.out.flush();
		Thread.currentThread().join();
	}

}
