package io.patio.broker.tcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.patio.ConnectionLostException;
import io.patio.PatioException;
import io.patio.executor.PatioExecutor;
import io.patio.call.PeriodicTask;

// Longer than 400 lines because of ServerLink, the loop that dials one server, runs its
// handshake, backs off and reports its state; it reads the broker's state, so it stays an
// inner class. Its own file is the next split when the client changes again.
/**
 * The connecting TCP broker, like the Python original's {@code TCPClientBroker}: connects
 * to one or more servers, calls their tasks round-robin and runs their calls on its
 * executor. After a drop it reconnects, first after the reconnect delay, then backing off
 * exponentially (with jitter) up to the maximum delay, resolving the host name again and
 * redoing the handshake and discovery each time.
 *
 * <pre>{@code
 * TcpClientBroker client = new TcpClientBroker(executor, TcpBrokerOptions.defaults(), "127.0.0.1:15383");
 * client.connect(); // start(), then wait for every server's handshake and discovery
 * int product = client.call("mul", Integer.class, 1, 2, 3).join();
 * }</pre>
 */
public final class TcpClientBroker extends AbstractTcpBroker implements io.patio.broker.BrokerDescription {

	private static final Logger log = LoggerFactory.getLogger(TcpClientBroker.class);

	private final List<TcpAddress> servers;

	private final List<ServerLink> links = new ArrayList<>();

	/**
	 * {@link #links} once the broker has started, read without a lock when a call finds
	 * no peer (under a routing lock, which must not nest with {@code links}'s).
	 */
	private volatile List<ServerLink> started = List.of();

	private Bootstrap bootstrap;

	public TcpClientBroker(PatioExecutor executor, TcpBrokerOptions options, String... servers) {
		this(executor, options, TcpAddress.parseAll(servers));
	}

	public TcpClientBroker(PatioExecutor executor, TcpBrokerOptions options, List<TcpAddress> servers) {
		super(executor, options);
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("A TCP client needs at least one server address (host:port)");
		}
		this.servers = List.copyOf(servers);
	}

	@Override
	public String getType() {
		return "tcp-client";
	}

	public List<TcpAddress> getServers() {
		return this.servers;
	}

	/**
	 * The state of the link to each configured server (connecting, connected, retrying,
	 * authentication or TLS failed) with its last error; before {@code start()} every
	 * server is {@code CONNECTING}.
	 */
	public List<TcpServerStatus> getServerStatuses() {
		// no lock: this is also read under routing locks
		List<ServerLink> current = this.started;
		if (current.isEmpty()) {
			return this.servers.stream()
				.map((server) -> new TcpServerStatus(server, TcpServerStatus.State.CONNECTING, null, null))
				.toList();
		}
		return current.stream().map(ServerLink::status).toList();
	}

	/**
	 * Starts the broker (if it is not started) and waits until every server is connected
	 * (handshake and discovery done) or its current attempt failed, for at most the
	 * handshake timeout plus ten seconds. Servers that fail keep being retried in the
	 * background; meanwhile calls that no connected server can take fail at once with
	 * {@link io.patio.NoPeerException} (unless wait-for-peer is set). Calling
	 * {@code connect()} again waits for the next attempt.
	 * @throws io.patio.AuthenticationException when a server refuses our key
	 * @throws ConnectionLostException when a server cannot be reached
	 */
	public void connect() {
		connect(getOptions().getHandshakeTimeout().plusSeconds(10));
	}

	/** Like {@link #connect()}, waiting at most {@code timeout}. */
	public void connect(Duration timeout) {
		start();
		List<CompletableFuture<Void>> firsts;
		synchronized (this.links) {
			firsts = this.links.stream().map(ServerLink::outcome).toList();
		}
		try {
			CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new))
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = io.patio.call.Failures.unwrap(ex);
			if (cause instanceof PatioException patio) {
				throw patio;
			}
			throw new ConnectionLostException(null, "Cannot connect: " + cause, cause);
		}
		catch (TimeoutException ex) {
			throw new ConnectionLostException(null, "Could not connect to " + this.servers + " within " + timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConnectionLostException(null, "Interrupted while connecting to " + this.servers);
		}
	}

	@Override
	void startNetwork(EventLoopGroup group) {
		SslContext ssl = getOptions().getSslContext();
		this.bootstrap = new Bootstrap().group(group)
			.channel(Transport.CURRENT.socketChannel())
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, getOptions().getHandshakeTimeout().toMillis()));
		synchronized (this.links) {
			for (TcpAddress server : this.servers) {
				ServerLink link = new ServerLink(server, ssl);
				this.links.add(link);
			}
			this.started = List.copyOf(this.links);
			this.links.forEach(ServerLink::attempt);
		}
	}

	@Override
	boolean waitsForPeerByDefault() {
		return false;
	}

	/**
	 * No connected server offers {@code task}: wait while some server has not finished
	 * its first attempt (dialling, handshake, discovery); when every server is connected
	 * and discovered, the task is unknown; otherwise (servers down, or backing off after
	 * a failed attempt) no peer can soon come.
	 */
	@Override
	PatioException noPeerNow(String task) {
		List<ServerLink> current = this.started;
		if (current.isEmpty()) {
			return null;
		}
		boolean allConnected = true;
		for (ServerLink link : current) {
			if (!link.firstAttemptOver) {
				return null;
			}
			allConnected &= link.status().state() == TcpServerStatus.State.CONNECTED;
		}
		if (allConnected) {
			return new io.patio.UnknownTaskException(task,
					"No server offers task '" + task + "': " + ((current.size() == 1) ? "the server " : "every server ")
							+ "this client dials is connected and none advertised it (" + describeServers(task) + ")"
							+ selfNote(task) + ". Check the task's name (and patio.project)");
		}
		return new io.patio.NoPeerException(task,
				"No peer offers task '" + task + "' now: " + describeServers(task)
						+ ". A call does not wait for servers that are down or backing off; set wait-for-peer"
						+ " to make calls wait within their timeout" + selfNote(task));
	}

	@Override
	PatioException noPeerExpired(String task) {
		return new io.patio.NoPeerException(task, "No peer offering task '" + task
				+ "' was connected within the call's timeout: " + describeServers(task) + selfNote(task));
	}

	/** Each configured server with its state, for the messages of calls with no peer. */
	private String describeServers(String task) {
		StringBuilder text = new StringBuilder();
		for (TcpServerStatus status : getServerStatuses()) {
			if (text.length() > 0) {
				text.append("; ");
			}
			text.append(status.server()).append(' ').append(status.state().display());
			if (status.state() == TcpServerStatus.State.CONNECTED) {
				text.append(", does not offer '").append(task).append('\'');
			}
			else if (status.state() == TcpServerStatus.State.CONNECTING) {
				text.append(" (first attempt under way)");
			}
			if (status.lastError() != null) {
				text.append(" (").append(status.lastError()).append(')');
			}
		}
		return text.toString();
	}

	@Override
	void stopNetwork() {
		synchronized (this.links) {
			this.links.forEach(ServerLink::stop);
		}
	}

	/** The connection to one server, dialled again whenever it drops. */
	private final class ServerLink {

		private final TcpAddress server;

		private final SslContext ssl;

		/** Completes when the link is up, or fails with the latest attempt's error. */
		private volatile CompletableFuture<Void> outcome = new CompletableFuture<>();

		private volatile int failures;

		private volatile boolean stopped;

		private volatile Channel channel;

		private volatile TcpServerStatus status;

		/**
		 * Set once the first attempt ended, connected or failed; until then calls with no
		 * peer wait for it.
		 */
		private volatile boolean firstAttemptOver;

		/**
		 * The next attempt after a failure or a drop: it survives an {@code Error} while
		 * it is scheduled, or in the attempt itself (then retried after the reconnect
		 * delay).
		 */
		private final PeriodicTask reconnect;

		ServerLink(TcpAddress server, SslContext ssl) {
			this.server = server;
			this.ssl = ssl;
			this.reconnect = new PeriodicTask("reconnect to " + server,
					PeriodicTask.on(TcpClientBroker.this.bootstrap.config().group()),
					getOptions().getReconnectDelay().toNanos(), () -> {
						attempt();
						return PeriodicTask.STOP;
					});
			this.status = new TcpServerStatus(server, TcpServerStatus.State.CONNECTING, null, java.time.Instant.now());
		}

		TcpServerStatus status() {
			return this.status;
		}

		private void enter(TcpServerStatus.State state, String error) {
			this.status = new TcpServerStatus(this.server, state, error, java.time.Instant.now());
		}

		CompletableFuture<Void> outcome() {
			return this.outcome;
		}

		void attempt() {
			if (this.stopped || isClosing()) {
				return;
			}
			if (this.outcome.isCompletedExceptionally()) {
				// connect() waits for this attempt, not for the failure of the last one
				this.outcome = new CompletableFuture<>();
			}
			Bootstrap attempt = TcpClientBroker.this.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					ClientHandshakeHandler handshake = new ClientHandshakeHandler(TcpClientBroker.this,
							ServerLink.this.server.toString(), ServerLink.this::failed);
					TcpConnection connection = initPipeline(channel, TcpConnection.Direction.OUTBOUND, handshake,
							(ServerLink.this.ssl != null)
									? clientTls(ServerLink.this.ssl, channel, ServerLink.this.server) : null);
					connection.readyFuture().whenComplete((ready, error) -> {
						if (error == null) {
							ServerLink.this.ready();
						}
						else if (error instanceof PatioException patio) {
							failed(patio);
						}
					});
				}
			});
			// unresolved on purpose: the host name is resolved again at each attempt
			ChannelFuture connect = attempt.connect(this.server.toUnresolved());
			this.channel = connect.channel();
			connect.addListener((ChannelFuture future) -> {
				if (!future.isSuccess()) {
					if (this.failures == 0) {
						log.warn("Cannot connect to patio server {}: {}; retrying in the background", this.server,
								future.cause().toString());
					}
					else {
						log.debug("Cannot connect to {}: {}", this.server, future.cause().toString());
					}
					failed(new ConnectionLostException(null,
							"Cannot connect to " + this.server + ": " + future.cause().getMessage(), future.cause()));
					reconnectLater();
					return;
				}
				future.channel().closeFuture().addListener((closed) -> {
					if (this.status.state() == TcpServerStatus.State.CONNECTED) {
						if (!this.stopped && !isClosing()) {
							log.warn("Lost the connection to patio server {}; reconnecting", this.server);
						}
						enter(TcpServerStatus.State.RETRYING, "The connection to " + this.server + " was lost");
					}
					if (this.outcome.isDone() && !this.outcome.isCompletedExceptionally()) {
						this.outcome = new CompletableFuture<>();
					}
					reconnectLater();
				});
				if (this.stopped) {
					future.channel().close();
				}
			});
		}

		private void ready() {
			this.failures = 0;
			enter(TcpServerStatus.State.CONNECTED, null);
			boolean first = endFirstAttempt();
			this.outcome.complete(null);
			log.info("Connected to patio server {}", this.server);
			if (first) {
				router().reconsiderWaiting();
			}
		}

		/**
		 * Marks the first attempt as ended, once its state is set and before
		 * {@code connect()} can return, so that a call made after {@code connect()} sees
		 * it.
		 * @return whether this was the end of the first attempt: then the calls that
		 * waited for it must decide again (routing already has the server's tasks when it
		 * connected)
		 */
		private boolean endFirstAttempt() {
			if (this.firstAttemptOver || this.stopped) {
				return false;
			}
			this.firstAttemptOver = true;
			return true;
		}

		/**
		 * A connect or handshake that failed; the reconnect comes from the listener or
		 * the close.
		 */
		private void failed(PatioException error) {
			// The first failure of an attempt says why (a refused key closes the channel,
			// which then also fails discovery); an attempt's failures all come on its
			// event
			// loop. The state is set before the outcome completes so that connect() sees
			// it.
			if (!this.outcome.isDone() && !this.stopped) {
				TcpServerStatus.State state = (error instanceof io.patio.AuthenticationException)
						? ((error.getCause() instanceof javax.net.ssl.SSLException) ? TcpServerStatus.State.TLS_FAILED
								: TcpServerStatus.State.AUTHENTICATION_FAILED)
						: TcpServerStatus.State.RETRYING;
				if (state != TcpServerStatus.State.RETRYING && this.status.state() != state) {
					log.warn("{}; retrying in the background", error.getMessage());
				}
				enter(state, error.getMessage());
			}
			boolean first = endFirstAttempt();
			this.outcome.completeExceptionally(error);
			if (first) {
				router().reconsiderWaiting();
			}
		}

		private void reconnectLater() {
			if (this.stopped || isClosing()) {
				return;
			}
			long delay = nextDelayMillis();
			this.failures++;
			log.info("Reconnecting to {} in {} ms", this.server, delay);
			this.reconnect.schedule(TimeUnit.MILLISECONDS.toNanos(delay));
		}

		private long nextDelayMillis() {
			long base = getOptions().getReconnectDelay().toMillis();
			long max = getOptions().getReconnectMaxDelay().toMillis();
			double exponential = base * Math.pow(2, Math.min(this.failures, 30));
			double jittered = Math.min(exponential, max) * ThreadLocalRandom.current().nextDouble(0.8, 1.2);
			return Math.max(1, Math.min((long) jittered, max));
		}

		void stop() {
			this.stopped = true;
			this.reconnect.cancel();
			enter(TcpServerStatus.State.STOPPED, null);
			Channel current = this.channel;
			// an established connection is closed by the broker, after the grace period
			if (current != null && !isEstablished(current)) {
				current.close();
			}
			this.outcome.completeExceptionally(
					new ConnectionLostException(null, "The client was closed before it connected to " + this.server));
		}

	}

	/**
	 * Each configured server's state and last error, and every connection with its
	 * counters; no secrets.
	 */
	@Override
	public java.util.Map<String, Object> details() {
		return TcpBrokerDescriptions.client(this);
	}

	@Override
	public io.patio.broker.BrokerHealth health() {
		return TcpBrokerDescriptions.clientHealth(this);
	}

}
