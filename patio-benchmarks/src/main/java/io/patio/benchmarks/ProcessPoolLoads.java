package io.patio.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.patio.broker.MemoryBroker;
import io.patio.executor.process.ProcessPoolOptions;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.executor.process.RegistryFactory;
import io.patio.registry.Registry;

/**
 * {@code mul(6, 7)} through a memory broker over the process-pool executor: as many worker
 * JVMs as the thread pool has threads, one call each at a time. It prints how long the pool
 * took to start (every worker launched, connected back and ready).
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
		MemoryBroker broker = new MemoryBroker(executor, Duration.ofSeconds(30));
		broker.start();
		System.out.printf(Locale.ROOT, "%-28s pool of %d workers started in %d ms%n", "patio-memory-process-pool",
				MemoryLoads.WORKERS, (System.nanoTime() - started) / 1_000_000);
		return new Load() {
			@Override
			public CompletableFuture<?> call() {
				return broker.call("mul", Integer.class, 6, 7);
			}

			@Override
			public Object expected() {
				return 42;
			}

			@Override
			public void close() {
				broker.close();
				executor.shutdown(Duration.ofSeconds(5));
			}
		};
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
