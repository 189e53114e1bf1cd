package io.patio.broker.client;

import io.patio.broker.MemoryBroker;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every kind of {@link TypedClientSuite} through a memory broker. */
class MemoryTypedClientTests extends TypedClientSuite {

	private static final ShapesWorker WORKER = new ShapesWorker();

	private static ThreadPoolPatioExecutor executor;

	private static MemoryBroker broker;

	private static Shapes client;

	@BeforeAll
	static void start() {
		Registry registry = new Registry("example");
		registry.registerAnnotated(WORKER);
		executor = new ThreadPoolPatioExecutor(registry, 4);
		broker = new MemoryBroker(executor);
		broker.start();
		client = PatioClients.create(broker, Shapes.class);
	}

	@AfterAll
	static void stop() {
		broker.close();
		executor.close();
	}

	@Override
	protected Shapes client() {
		return client;
	}

	@Override
	protected ShapesWorker worker() {
		return WORKER;
	}

}
