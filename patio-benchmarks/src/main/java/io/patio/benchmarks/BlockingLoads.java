package io.patio.benchmarks;

import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.executor.VirtualThreadPatioExecutor;
import io.patio.registry.Registry;

/**
 * A task that blocks its thread for {@value #BLOCK_MILLIS} ms, as a call to a slow
 * service would, through a memory broker: on the thread pool (a few threads, or one per
 * call in flight) and on virtual threads (Java 21 and later).
 */
final class BlockingLoads {

	static final int BLOCK_MILLIS = 10;

	static final int IN_FLIGHT = 1_000;

	private BlockingLoads() {
	}

	/** The thread-pool executor with {@code workers} platform threads. */
	static Load threadPool(int workers) {
		return load(new ThreadPoolPatioExecutor(registry(), workers, MemoryLoads.QUEUE));
	}

	/** The virtual-threads executor with its defaults (at most 10,000 at once). */
	static Load virtualThreads() {
		return load(new VirtualThreadPatioExecutor(registry()));
	}

	private static Load load(PatioExecutor executor) {
		return MemoryLoads.brokerLoad(executor, "block", BLOCK_MILLIS, BLOCK_MILLIS);
	}

	private static Registry registry() {
		Registry registry = new Registry("bench");
		registry.register("block", new BenchTasks(), "block");
		return registry;
	}

}
