package io.patio.benchmarks;

import java.time.Duration;
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

	/**
	 * Warms a fresh pool's JIT as a long-running pool's is: calls at {@code inFlight}
	 * until {@code calls} are done or {@code most} has passed, printing the calls/s of
	 * each second on the way (how a cold pool ramps up). Each worker JVM compiles the
	 * same code but sees only its share of the calls, so on 2 vCPUs it takes 10 to 15 s
	 * under load before the workers' hot paths are compiled by C2.
	 */
	static void warm(Load pool, int inFlight, long calls, Duration most) throws InterruptedException {
		StringBuilder ramp = new StringBuilder();
		long done = 0;
		long deadline = System.nanoTime() + most.toNanos();
		while (done < calls && System.nanoTime() - deadline < 0) {
			double perSecond = ClosedLoop.run(pool, inFlight, Duration.ZERO, Duration.ofSeconds(1)).callsPerSecond();
			done += (long) perSecond;
			ramp.append(String.format(Locale.ROOT, " %,.0f", perSecond));
		}
		System.out.printf(Locale.ROOT, "%-28s warm-up, calls/s each second:%s%n", "patio-memory-process-pool", ramp);
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
