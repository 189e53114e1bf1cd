package io.patio.benchmarks;

import java.util.Locale;

import io.patio.executor.process.ProcessPoolOptions;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.executor.process.RegistryFactory;
import io.patio.registry.Registry;

/**
 * {@code mul(6, 7)} through a memory broker over the process-pool executor: as many
 * worker JVMs as the thread pool has threads, one call each at a time. It prints how long
 * the pool took to start (every worker launched, connected back and ready).
 */
public final class ProcessPoolLoads {

	private ProcessPoolLoads() {
	}

	static Load pool() {
		long started = System.nanoTime();
		ProcessPoolPatioExecutor executor = new ProcessPoolPatioExecutor(new Factory().create(),
				ProcessPoolOptions.builder()
					.maxWorkers(MemoryLoads.WORKERS)
					.queueCapacity(MemoryLoads.QUEUE)
					.jvmOptions("-Xmx128m", "-XX:+ExitOnOutOfMemoryError")
					.registryFactory(Factory.class)
					.build());
		Load load = MemoryLoads.brokerLoad(executor);
		System.out.printf(Locale.ROOT, "%-28s pool of %d workers started in %d ms%n", "patio-memory-process-pool",
				MemoryLoads.WORKERS, (System.nanoTime() - started) / 1_000_000);
		return load;
	}

	/** The workers' registry: the same {@code mul} as the other memory scenarios. */
	public static final class Factory implements RegistryFactory {

		@Override
		public Registry create() {
			Registry registry = new Registry("bench");
			registry.register("mul", new BenchTasks(), "mul");
			return registry;
		}

	}

}
