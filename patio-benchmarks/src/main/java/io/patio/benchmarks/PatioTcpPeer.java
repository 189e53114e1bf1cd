package io.patio.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.Serializer;

/**
 * patio's own TCP brokers: a server that runs {@code mul} and {@code confirm}, and
 * calling clients.
 */
final class PatioTcpPeer {

	private PatioTcpPeer() {
	}

	static TcpBrokerOptions options(String serializer) {
		return TcpBrokerOptions.builder()
			.serializer(Serializer.forName(serializer))
			.maxInFlightPerConnection(16_384)
			.defaultTimeout(Duration.ofSeconds(60))
			// a shared, busy machine can take longer than the default 5 s to answer a
			// login
			.handshakeTimeout(Duration.ofSeconds(30))
			.build();
	}

	/** How a benchmark server runs its tasks. */
	enum ServerMode {

		/** A thread-pool executor of the default size; default broker options. */
		THREAD_POOL,

		/**
		 * The same, with {@link #BUSY_POLL_MICROS} µs of busy polling on the server's
		 * event loop.
		 */
		BUSY_POLL,

		/**
		 * The async executor, which runs {@code mul} (as {@code mulAsync}, returning a
		 * completed stage) on the event loop that read the call: no hop to a worker
		 * thread and back.
		 */
		ASYNC,

		/**
		 * The thread-pool executor, with {@code mul} and {@code confirm} declared
		 * {@code @PatioTask(inline = true)}: they run on the event loop that read the
		 * call.
		 */
		INLINE

	}

	/** The busy-poll window of the {@code -busy-poll} rows. */
	static final int BUSY_POLL_MICROS = 100;

	/** A server on loopback port 0 that runs its tasks as {@code mode} says. */
	static TcpServerBroker serve(String serializer, ServerMode mode) {
		Registry registry = new Registry();
		BenchTasks tasks = new BenchTasks();
		if (mode == ServerMode.ASYNC) {
			registry.register("mul", tasks, "mulAsync");
			io.patio.executor.AsyncPatioExecutor executor = new io.patio.executor.AsyncPatioExecutor(registry, 1024,
					100_000);
			TcpServerBroker server = new TcpServerBroker(executor, options(serializer), "127.0.0.1:0");
			server.start();
			return server;
		}
		boolean inline = mode == ServerMode.INLINE;
		registry.register("mul", tasks, inline ? "mulInline" : "mul");
		registry.register("confirm", tasks, inline ? "confirmInline" : "confirm");
		registry.register("hold", tasks, "hold");
		registry.register("release", tasks, "release");
		registry.register("heldCount", tasks, "heldCount");
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, MemoryLoads.WORKERS, 100_000);
		TcpBrokerOptions options = (mode == ServerMode.BUSY_POLL)
				? options(serializer).toBuilder().busyPoll(Duration.ofNanos(BUSY_POLL_MICROS * 1000L)).build()
				: options(serializer);
		TcpServerBroker server = new TcpServerBroker(executor, options, "127.0.0.1:0");
		server.start();
		return server;
	}

	/** {@code connections} clients (one connection each) calling round-robin. */
	static Load client(int port, int connections, String serializer, boolean record) {
		TcpClientBroker[] clients = new TcpClientBroker[connections];
		for (int i = 0; i < connections; i++) {
			clients[i] = new TcpClientBroker(new NullPatioExecutor(new Registry()), options(serializer),
					"127.0.0.1:" + port);
			try {
				clients[i].connect(Duration.ofSeconds(10));
			}
			catch (RuntimeException ex) {
				for (int j = 0; j <= i; j++) {
					clients[j].close();
				}
				throw ex;
			}
		}
		BenchTasks.Order order = BenchTasks.Order.sample();
		AtomicInteger next = new AtomicInteger();
		return new Load() {
			@Override
			public CompletableFuture<?> call() {
				TcpClientBroker client = clients[Math.floorMod(next.getAndIncrement(), connections)];
				return record ? client.call("confirm", BenchTasks.Order.class, order)
						: client.call("mul", Integer.class, 6, 7);
			}

			@Override
			public Object expected() {
				return record ? order.confirmed() : 42;
			}

			@Override
			public void close() {
				for (TcpClientBroker client : clients) {
					client.close();
				}
			}
		};
	}

}
