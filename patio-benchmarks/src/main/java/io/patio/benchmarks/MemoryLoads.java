package io.patio.benchmarks;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.patio.broker.MemoryBroker;
import io.patio.broker.client.PatioClients;
import io.patio.executor.AsyncPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;

/**
 * The in-memory scenarios: patio's memory broker and the bare JDK pool it is measured
 * against.
 */
final class MemoryLoads {

	static final int WORKERS = 4;

	static final int QUEUE = 10_000;

	private MemoryLoads() {
	}

	/** {@code mul(6, 7)} through a memory broker over a thread-pool or async executor. */
	static Load patio(boolean async) {
		Registry registry = new Registry("bench");
		BenchTasks tasks = new BenchTasks();
		registry.register("mul", tasks, async ? "mulAsync" : "mul");
		PatioExecutor executor = async ? new AsyncPatioExecutor(registry, 1024, QUEUE)
				: new ThreadPoolPatioExecutor(registry, WORKERS, QUEUE);
		return brokerLoad(executor);
	}

	/**
	 * {@code mul(6, 7)} through a typed client ({@link MulClient}) of a memory broker
	 * over the same thread-pool executor as {@link #patio(boolean) patio(false)}.
	 */
	static Load typedClient() {
		Registry registry = new Registry("bench");
		registry.register("mul", new BenchTasks(), "mul");
		return brokerLoad(new ThreadPoolPatioExecutor(registry, WORKERS, QUEUE), true, "mul", 42, 6, 7);
	}

	/**
	 * {@code mul(6, 7)} through a memory broker over {@code executor}; closing shuts both
	 * down.
	 */
	static Load brokerLoad(PatioExecutor executor) {
		return brokerLoad(executor, false, "mul", 42, 6, 7);
	}

	/**
	 * {@code task(args)}, answering {@code expected}, through a memory broker over
	 * {@code executor}; closing shuts both down.
	 */
	static Load brokerLoad(PatioExecutor executor, String task, int expected, Object... args) {
		return brokerLoad(executor, false, task, expected, args);
	}

	private static Load brokerLoad(PatioExecutor executor, boolean typed, String task, int expected, Object... args) {
		MemoryBroker broker = new MemoryBroker(executor, Duration.ofSeconds(30));
		broker.start();
		MulClient client = typed ? PatioClients.create(broker, MulClient.class) : null;
		return new Load() {
			@Override
			public CompletableFuture<?> call() {
				return (client != null) ? client.mul(6, 7) : broker.call(task, Integer.class, args.clone());
			}

			@Override
			public Object expected() {
				return expected;
			}

			@Override
			public void close() {
				broker.close();
				executor.shutdown(Duration.ofSeconds(5));
			}
		};
	}

	/**
	 * The floor: a bare ThreadPoolExecutor of the same size completing a
	 * CompletableFuture.
	 */
	static Load jdkPool() {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(QUEUE));
		BenchTasks tasks = new BenchTasks();
		return new Load() {
			@Override
			public CompletableFuture<?> call() {
				CompletableFuture<Integer> result = new CompletableFuture<>();
				pool.execute(() -> result.complete(tasks.mul(6, 7)));
				return result;
			}

			@Override
			public Object expected() {
				return 42;
			}

			@Override
			public void close() {
				pool.shutdownNow();
			}
		};
	}

}
