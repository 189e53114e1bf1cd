package io.patio.broker.tcp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.patio.ErrorCode;
import io.patio.executor.PatioExecutor;
import io.patio.serializer.ErrorPayload;
import io.patio.protocol.FaultLog;
import io.patio.protocol.Frame;
import io.patio.protocol.PacketType;

/**
 * The accepting TCP broker, like the Python original's {@code TCPServerBroker}: listens
 * on one or more addresses (IPv4 and IPv6), authenticates each client, then calls tasks
 * on its clients and runs their calls on its executor.
 *
 * <pre>{@code
 * TcpServerBroker server = new TcpServerBroker(executor, TcpBrokerOptions.defaults(), "127.0.0.1:15383");
 * server.start();
 * server.join();
 * }</pre>
 */
public final class TcpServerBroker extends AbstractTcpBroker
		implements io.patio.broker.BrokerDescription, io.patio.broker.ListeningBroker {

	private static final Logger log = LoggerFactory.getLogger(TcpServerBroker.class);

	private final List<TcpAddress> listen;

	private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	private final Admission admission;

	private final FaultLog faults = new FaultLog(log, faultBudget());

	/**
	 * @param executor runs the calls of clients
	 * @param options key, serializer, limits
	 * @param listen addresses as {@code host:port}, IPv6 in brackets; none means
	 * {@code 127.0.0.1:15383}
	 */
	public TcpServerBroker(PatioExecutor executor, TcpBrokerOptions options, String... listen) {
		this(executor, options, TcpAddress.parseAll(listen));
	}

	public TcpServerBroker(PatioExecutor executor, TcpBrokerOptions options, List<TcpAddress> listen) {
		super(executor, options);
		this.admission = new Admission(options.getMaxConnections(), options.getMaxUnauthenticatedConnections(),
				options.getMaxUnauthenticatedPerAddress());
		this.listen = listen.isEmpty() ? List.of(new TcpAddress("127.0.0.1", TcpAddress.DEFAULT_PORT))
				: List.copyOf(listen);
	}

	@Override
	public String getType() {
		return "tcp-server";
	}

	/** The configured listen addresses. */
	public List<TcpAddress> getListenAddresses() {
		return this.listen;
	}

	/** The addresses actually bound (with the real port where 0 was asked for). */
	@Override
	public List<InetSocketAddress> getBoundAddresses() {
		List<InetSocketAddress> bound = new ArrayList<>();
		for (Channel channel : this.serverChannels) {
			bound.add((InetSocketAddress) channel.localAddress());
		}
		return bound;
	}

	/** The first bound port. */
	public int getPort() {
		List<InetSocketAddress> bound = getBoundAddresses();
		if (bound.isEmpty()) {
			throw new IllegalStateException("The server is not listening; start() it first");
		}
		return bound.get(0).getPort();
	}

	/** Waits until the broker is closed. */
	public void join() throws InterruptedException {
		this.closed.await();
	}

	@Override
	void startNetwork(EventLoopGroup group) {
		SslContext ssl = getOptions().getSslContext();
		ServerBootstrap bootstrap = new ServerBootstrap().group(group)
			.channel(Transport.CURRENT.serverChannel())
			.option(ChannelOption.SO_BACKLOG, 1024)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					if (!admitToHandshake(channel)) {
						return;
					}
					initPipeline(channel, TcpConnection.Direction.INBOUND,
							new ServerHandshakeHandler(TcpServerBroker.this),
							(ssl != null) ? ssl.newHandler(channel.alloc()) : null);
				}
			});
		try {
			for (TcpAddress address : this.listen) {
				ChannelFuture bind = bootstrap.bind(address.toResolved()).awaitUninterruptibly();
				if (!bind.isSuccess()) {
					throw new IllegalStateException("Cannot listen on " + address + ": " + bind.cause().getMessage(),
							bind.cause());
				}
				this.serverChannels.add(bind.channel());
				log.info("patio TCP server listening on {}", bind.channel().localAddress());
				java.net.InetSocketAddress local = (java.net.InetSocketAddress) bind.channel().localAddress();
				if (getOptions().getKey().length == 0 && !local.getAddress().isLoopbackAddress()) {
					log.warn("patio TCP server on {} has an empty key: anyone who can reach it can run its tasks."
							+ " Set a key (patio.broker.tcp.key) and use TLS on any network you do not fully trust",
							local);
				}
			}
		}
		catch (RuntimeException ex) {
			stopNetwork();
			group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
			throw ex;
		}
	}

	/**
	 * Takes a new connection into the handshake budget, always: when its address is at
	 * its budget, that address's oldest pending connection is closed, else when the total
	 * is full, the oldest pending connection of all.
	 */
	private boolean admitToHandshake(Channel channel) {
		Admission.Accepted accepted = this.admission.accept(channel, channel.remoteAddress());
		Channel evicted = accepted.evicted();
		if (evicted != null) {
			faults.closing(evicted.remoteAddress(), "the oldest connection still in the handshake, closed to make room"
					+ " for a new one: " + accepted.reason());
			evicted.close();
		}
		channel.closeFuture().addListener((closed) -> this.admission.leaveHandshake(channel));
		return true;
	}

	/**
	 * A client proved the key: it takes an authenticated slot, or, over
	 * {@code maxConnections}, gets an ERROR ({@code rejected}) instead of AUTH_OK and is
	 * closed.
	 */
	@Override
	boolean admitAuthenticated(ChannelHandlerContext ctx) {
		String refusal = this.admission.authenticate(ctx.channel());
		if (refusal == null) {
			return true;
		}
		faults.closing(ctx.channel().remoteAddress(), "authenticated, but " + refusal);
		// Nothing the client sent after its AUTH_REQUEST may reach the connection and
		// run: its handlers are never installed, and the handshake drops what is read
		// until the close. (Reading on makes the close a FIN, not a reset that could
		// discard the ERROR before the client reads it.)
		// short: the client reads it before AUTH_OK, where frames are small
		byte[] payload = getOptions().getSerializer()
			.encodeError(new ErrorPayload(ErrorCode.REJECTED.value(), "connection-limit", "The server is " + refusal));
		ctx.writeAndFlush(new Frame(PacketType.ERROR, serials().next(), payload))
			.addListener(ChannelFutureListener.CLOSE);
		return false;
	}

	/** A server has no servers to dial: by default its calls wait for a client. */
	@Override
	boolean waitsForPeerByDefault() {
		return true;
	}

	@Override
	io.patio.PatioException noPeerNow(String task) {
		return new io.patio.NoPeerException(task, "No connected client offers task '" + task + "' (" + clients() + ")"
				+ selfNote(task) + "; this tcp-server has wait-for-peer off, so the call does not wait for one");
	}

	@Override
	io.patio.PatioException noPeerExpired(String task) {
		return new io.patio.NoPeerException(task, "No client offering task '" + task
				+ "' connected within the call's timeout (" + clients() + ")" + selfNote(task));
	}

	private String clients() {
		long ready = getConnections().stream().filter(TcpConnection::isReady).count();
		return (ready == 0) ? "no client is connected"
				: (ready == 1) ? "1 client is connected" : ready + " clients are connected";
	}

	/** Connections that have not finished the handshake. */
	public int getUnauthenticatedConnections() {
		return this.admission.pendingCount();
	}

	/**
	 * Connections whose client proved the key, counted against {@code maxConnections}.
	 */
	public int getAuthenticatedConnections() {
		return this.admission.authenticatedCount();
	}

	/**
	 * Connections still in the handshake that were closed to make room for newer ones
	 * (the handshake budget, in all or of their address, was full), since the start.
	 */
	public long getEvictedConnections() {
		return this.admission.evictedCount();
	}

	/**
	 * Connections refused since the start: authenticated over {@code maxConnections}.
	 */
	public long getRefusedConnections() {
		return this.admission.refusedCount();
	}

	@Override
	void stopNetwork() {
		for (Channel channel : this.serverChannels) {
			channel.close().awaitUninterruptibly();
		}
	}

	@Override
	void afterClose() {
		this.closed.countDown();
	}

	/**
	 * Listening addresses with bound ports, and every connection with its counters; no
	 * secrets.
	 */
	@Override
	public java.util.Map<String, Object> details() {
		return TcpBrokerDescriptions.server(this);
	}

	@Override
	public io.patio.broker.BrokerHealth health() {
		return TcpBrokerDescriptions.serverHealth(this);
	}

}
