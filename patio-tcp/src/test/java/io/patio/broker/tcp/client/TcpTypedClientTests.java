package io.patio.broker.tcp.client;

import io.patio.broker.client.PatioClients;
import io.patio.broker.client.Shapes;
import io.patio.broker.client.ShapesWorker;
import io.patio.broker.client.TypedClientSuite;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.Serializer;
import io.patio.serializer.JsonSerializer;
import io.patio.serializer.cbor.CborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * Every kind of {@link TypedClientSuite} over TCP, with JSON and with CBOR: a worker that
 * registers {@link ShapesWorker} and a caller that runs nothing and calls through the
 * proxy.
 */
class TcpTypedClientTests {

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class Json extends Peers {

		Json() {
			super(JsonSerializer.INSTANCE);
		}

	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class Cbor extends Peers {

		Cbor() {
			super(CborSerializer.INSTANCE);
		}

	}

	abstract static class Peers extends TypedClientSuite {

		private final ShapesWorker worker = new ShapesWorker();

		private final Serializer serializer;

		private ThreadPoolPatioExecutor executor;

		private TcpServerBroker server;

		private TcpClientBroker client;

		private Shapes shapes;

		Peers(Serializer serializer) {
			this.serializer = serializer;
		}

		@BeforeAll
		void start() {
			Registry registry = new Registry("example");
			registry.registerAnnotated(this.worker);
			this.executor = new ThreadPoolPatioExecutor(registry, 4);
			TcpBrokerOptions options = TcpBrokerOptions.builder().key("typed").serializer(this.serializer).build();
			this.server = new TcpServerBroker(this.executor, options, "127.0.0.1:0");
			this.server.start();
			int port = this.server.getBoundAddresses().get(0).getPort();
			this.client = new TcpClientBroker(new NullPatioExecutor(new Registry("example")), options,
					"127.0.0.1:" + port);
			this.client.connect();
			this.shapes = PatioClients.create(this.client, Shapes.class);
		}

		@AfterAll
		void stop() {
			this.client.close();
			this.server.close();
			this.executor.close();
		}

		@Override
		protected Shapes client() {
			return this.shapes;
		}

		@Override
		protected ShapesWorker worker() {
			return this.worker;
		}

	}

}
