package io.patio.benchmarks;

import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.ConnectionFactory;
import io.patio.benchmarks.BenchmarkMain.Mode;
import io.patio.benchmarks.BenchmarkMain.Result;
import io.patio.broker.rabbitmq.RabbitBroker;
import io.patio.broker.rabbitmq.RabbitBrokerOptions;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.testsupport.RabbitMq;

/**
 * The RabbitMQ rows, all on one node in one run: the node {@code PATIO_TEST_RABBITMQ_URL}
 * names, or a private node started here (and stopped at the end). A worker and a caller
 * in this JVM, each with a connection of its own, as two processes would have.
 */
final class RabbitRows implements AutoCloseable {

	/**
	 * The worker's threads in every RabbitMQ row, as {@code patio.executor.max-workers}.
	 */
	static final int WORKERS = 4;

	private final RabbitMq rabbit;

	private final boolean started;

	private RabbitRows(RabbitMq rabbit, boolean started) {
		this.rabbit = rabbit;
		this.started = started;
	}

	/** The node to measure on, or {@code null} (said why) when there is none. */
	static RabbitRows open() {
		RabbitMq external = RabbitMq.external();
		if (external != null) {
			return new RabbitRows(external, false);
		}
		if (!RabbitMq.installed()) {
			System.out.println("rabbitmq rows skipped: " + RabbitMq.HOW_TO_GET);
			return null;
		}
		return new RabbitRows(RabbitMq.startPrivate(), true);
	}

	String uri() {
		return this.rabbit.uri();
	}

	ConnectionFactory factory() {
		ConnectionFactory factory = new ConnectionFactory();
		try {
			factory.setUri(this.rabbit.uri());
		}
		catch (URISyntaxException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return factory;
	}

	/**
	 * A patio-rabbitmq worker of {@code mul} and a caller of it, in {@code serializer}.
	 */
	Load patio(String serializer, int prefetch) {
		Registry registry = new Registry();
		registry.register("mul", new BenchTasks(), "mul");
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, WORKERS, 16_384);
		RabbitBroker worker = new RabbitBroker(executor, factory(), null,
				RabbitBrokerOptions.DEFAULTS.withPrefetch(prefetch));
		worker.start();
		RabbitBroker caller = new RabbitBroker(new NullPatioExecutor(new Registry()), factory(), null,
				RabbitBrokerOptions.DEFAULTS.withSerializer(serializer));
		caller.start();
		return new Load() {

			@Override
			public CompletableFuture<?> call() {
				return caller.call("mul", Integer.class, 6, 7);
			}

			@Override
			public Object expected() {
				return 42;
			}

			@Override
			public void close() {
				caller.close();
				worker.close();
				executor.shutdown(Duration.ofSeconds(5));
			}

		};
	}

	/** Runs {@code factory}'s load at each level, {@code mode.runs} times, medians. */
	static List<Result> measure(String name, int[] levels, Mode mode, Suite.LoadFactory factory) throws Exception {
		List<Result> results = new ArrayList<>();
		for (int inFlight : levels) {
			List<Result> runs = new ArrayList<>();
			for (int run = 0; run < mode.runs; run++) {
				try (Load load = factory.open()) {
					ClosedLoop.Measurement m = ClosedLoop.run(load, inFlight, mode.warmup, mode.window);
					runs.add(new Result(name, 1, inFlight, m.callsPerSecond(), m.micros(50), m.micros(99),
							m.micros(99.9), null));
				}
			}
			results.add(Result.median(runs));
		}
		return results;
	}

	/** The JSON body of {@code mul(6, 7)}, as patio-rabbitmq's JSON calls carry it. */
	static Map<String, Object> mulArguments() {
		return Map.of("args", List.of(6, 7), "kwargs", Map.of());
	}

	@Override
	public void close() {
		if (this.started) {
			this.rabbit.close();
		}
	}

}
