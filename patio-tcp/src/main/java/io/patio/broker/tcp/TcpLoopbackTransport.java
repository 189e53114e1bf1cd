package io.patio.broker.tcp;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.patio.broker.PatioBroker;
import io.patio.broker.loopback.LoopbackLink;
import io.patio.broker.loopback.LoopbackTransport;
import io.patio.call.CallRequest;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.Serializer;
import io.patio.serializer.cbor.CborSerializer;

/**
 * The loopback link over patio's own TCP protocol ({@code META-INF/services}): the parent
 * opens a private {@link TcpServerBroker} on {@code 127.0.0.1:0} that runs nothing, the
 * child connects back with a {@link TcpClientBroker}; both authenticate with the key.
 * This is the one place that chooses the link's settings, its serializer included.
 */
public final class TcpLoopbackTransport implements LoopbackTransport {

	/**
	 * CBOR: the link carries NaN, the infinities and decimals with their scale exactly,
	 * as the memory broker in front of a process pool does; only our own children ever
	 * speak on it.
	 */
	private static final Serializer SERIALIZER = CborSerializer.INSTANCE;

	@Override
	public String name() {
		return "tcp";
	}

	@Override
	public LoopbackLink listen(String key) {
		TcpBrokerOptions options = TcpBrokerOptions.builder()
			.serializer(SERIALIZER)
			.key(key)
			.eventLoopThreads(1)
			// the child, once it proved the key
			.maxConnections(1)
			// every local process connects from 127.0.0.1: one address's budget is the
			// whole handshake budget, so idle local sockets cannot keep the child out
			.maxUnauthenticatedConnections(TcpBrokerOptions.DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS)
			.maxUnauthenticatedPerAddress(TcpBrokerOptions.DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS)
			.build();
		TcpServerBroker server = new TcpServerBroker(new NullPatioExecutor(new Registry()), options, "127.0.0.1:0");
		try {
			server.start();
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		return new Link(server);
	}

	@Override
	public PatioBroker connect(PatioExecutor executor, int port, String key) {
		TcpBrokerOptions options = TcpBrokerOptions.builder()
			.serializer(SERIALIZER)
			.key(key)
			.eventLoopThreads(1)
			.reconnectDelay(Duration.ofMillis(100))
			.reconnectMaxDelay(Duration.ofSeconds(1))
			.build();
		return new TcpClientBroker(executor, options, "127.0.0.1:" + port);
	}

	/** The parent's end: the private server and its one connection. */
	private static final class Link implements LoopbackLink {

		private final TcpServerBroker server;

		private final int port;

		Link(TcpServerBroker server) {
			this.server = server;
			this.port = server.getPort();
		}

		@Override
		public int port() {
			return this.port;
		}

		@Override
		public Set<String> readyPeerTasks() {
			for (TcpConnection connection : this.server.getConnections()) {
				if (connection.isReady()) {
					return connection.getAdvertisedTasks();
				}
			}
			return null;
		}

		@Override
		public CompletableFuture<Object> forward(CallRequest request) {
			return this.server.forward(request);
		}

		@Override
		public void close() {
			this.server.close(Duration.ZERO);
		}

		@Override
		public String toString() {
			return "TcpLoopbackTransport.Link[127.0.0.1:" + this.port + "]";
		}

	}

}
