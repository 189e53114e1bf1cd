package io.patio.broker.rabbitmq;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.patio.ConnectionLostException;
import io.patio.ShuttingDownException;
import io.patio.broker.AbstractPatioBroker;
import io.patio.broker.BrokerDescription;
import io.patio.broker.BrokerHealth;
import io.patio.broker.ConnectedBroker;
import io.patio.call.CallRequest;
import io.patio.executor.PatioExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker on RabbitMQ that both calls and executes, on patio-rabbitmq's layout, so that
 * Java and Python workers and callers share the same queues: one queue per task name
 * (declared by the workers), the dead-letter exchange {@code rpc.dlx}, and a reply queue
 * per broker bound by {@code From}. A worker answers each call in the format its
 * {@code content_type} names; a caller sends in {@link RabbitBrokerOptions#serializer()}
 * and reads each reply by its own content type.
 * <p>
 * One connection, with the client's automatic recovery: when it drops, the calls in
 * flight fail at once with {@link ConnectionLostException}; the broker reconnects,
 * declares its queues again and serves again, and its health follows.
 */
public final class RabbitBroker extends AbstractPatioBroker implements BrokerDescription, ConnectedBroker {

	private static final Logger logger = LoggerFactory.getLogger(RabbitBroker.class);

	private final ConnectionFactory connectionFactory;

	private final List<Address> addresses;

	private final RabbitBrokerOptions options;

	private final RabbitTopology topology;

	private volatile Connection connection;

	private volatile RabbitCaller caller;

	private volatile RabbitWorker worker;

	private volatile boolean recovering;

	/** Set when closing starts: calls still delivered are answered shutting-down. */
	private volatile boolean closing;

	private volatile long recoveries;

	/**
	 * A broker on the node {@code connectionFactory} points at.
	 * @param executor runs the tasks of its registry (for a broker that only calls, an
	 * executor of type {@code none})
	 * @param connectionFactory the connection's settings (host, port, virtual host,
	 * credentials, TLS); its automatic recovery is turned on
	 * @param addresses the nodes to try in turn, or {@code null} or empty for the
	 * factory's own host and port
	 * @param options the broker's own settings
	 */
	public RabbitBroker(PatioExecutor executor, ConnectionFactory connectionFactory, List<Address> addresses,
			RabbitBrokerOptions options) {
		super(executor, Objects.requireNonNull(options, "options").defaultTimeout());
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.addresses = (addresses != null) ? List.copyOf(addresses) : List.of();
		this.options = options;
		this.topology = new RabbitTopology(options);
	}

	/** A broker with the default options on the factory's host and port. */
	public RabbitBroker(PatioExecutor executor, ConnectionFactory connectionFactory) {
		this(executor, connectionFactory, null, RabbitBrokerOptions.DEFAULTS);
	}

	@Override
	public String getType() {
		return "rabbitmq";
	}

	public RabbitBrokerOptions getOptions() {
		return this.options;
	}

	/** The reply queue of this broker, once it has started. */
	public String getReplyQueue() {
		RabbitCaller current = this.caller;
		return (current != null) ? current.getReplyQueue() : null;
	}

	@Override
	protected void checkStart() {
		RabbitTopology.checkNames(getExecutor().getTaskNames());
		RabbitCodec.named(this.options.serializer());
	}

	@Override
	protected void doStart() {
		this.connectionFactory.setAutomaticRecoveryEnabled(true);
		this.connectionFactory.setTopologyRecoveryEnabled(true);
		Connection opened = null;
		try {
			opened = this.addresses.isEmpty() ? this.connectionFactory.newConnection("patio")
					: this.connectionFactory.newConnection(this.addresses, "patio");
			opened.addShutdownListener((cause) -> {
				if (!cause.isInitiatedByApplication()) {
					this.recovering = true;
					logger.warn("Lost the connection to RabbitMQ ({}); failing the calls in flight and reconnecting",
							cause.getMessage());
				}
				RabbitCaller current = this.caller;
				if (current != null) {
					current.failAll((task) -> cause.isInitiatedByApplication()
							? new ShuttingDownException(task, "The rabbitmq broker closed with the call in flight")
							: new ConnectionLostException(task,
									"The connection to RabbitMQ was lost with the call to task '" + task
											+ "' in flight: " + cause.getMessage(),
									cause));
				}
			});
			if (opened instanceof Recoverable recoverable) {
				recoverable.addRecoveryListener(new RecoveryListener() {
					@Override
					public void handleRecovery(Recoverable recovered) {
						RabbitBroker.this.recovering = false;
						RabbitBroker.this.recoveries++;
						logger.info("Reconnected to RabbitMQ; queues declared again");
					}

					@Override
					public void handleRecoveryStarted(Recoverable recovering) {
					}
				});
			}
			this.caller = new RabbitCaller(opened.createChannel(), this.topology,
					RabbitCodec.named(this.options.serializer()), this.options.maxInFlight());
			if (!getExecutor().getTaskNames().isEmpty()) {
				RabbitWorker starting = new RabbitWorker(opened.createChannel(), getExecutor(), this.options,
						RabbitCodec.named(this.options.serializer()), () -> this.closing);
				starting.start(this.topology, getExecutor().getTaskNames());
				this.worker = starting;
			}
			this.connection = opened;
		}
		catch (IOException | TimeoutException | RuntimeException ex) {
			closeQuietly(opened);
			if (ex instanceof IllegalStateException illegal) {
				throw illegal;
			}
			throw new IllegalStateException("The rabbitmq broker could not start: " + ex.getMessage(), ex);
		}
	}

	@Override
	protected CompletableFuture<Object> dispatch(CallRequest request) {
		return this.caller.call(request);
	}

	/**
	 * Replies are trees decoded off the wire, converted to the type the caller asks for.
	 */
	@Override
	protected boolean deliversTrees() {
		return true;
	}

	@Override
	public void close(Duration grace) {
		this.closing = true;
		RabbitWorker current = this.worker;
		if (current != null && isRunning()) {
			current.stopConsuming();
			if (!current.awaitIdle(grace)) {
				logger.warn("Closing the rabbitmq broker with calls still running; RabbitMQ will deliver them again");
			}
		}
		close();
	}

	@Override
	protected void doClose() {
		this.closing = true;
		RabbitWorker current = this.worker;
		if (current != null) {
			current.stopConsuming();
			current.awaitIdle(Duration.ofSeconds(5));
		}
		RabbitCaller calling = this.caller;
		if (calling != null) {
			calling.failAll((task) -> new ShuttingDownException(task,
					"The rabbitmq broker closed with the call to task '" + task + "' in flight"));
		}
		closeQuietly(this.connection);
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close(10_000);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Closing the RabbitMQ connection: {}", ex.getMessage());
			}
		}
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		Connection current = this.connection;
		details.put("connected", current != null && current.isOpen());
		if (current != null) {
			details.put("address", current.getAddress().getHostAddress() + ":" + current.getPort());
		}
		details.put("virtualHost", this.connectionFactory.getVirtualHost());
		details.put("serializer", this.options.serializer());
		details.put("redelivered", this.options.redelivered().name().toLowerCase(java.util.Locale.ROOT));
		details.put("recoveries", this.recoveries);
		RabbitCaller calling = this.caller;
		if (calling != null) {
			details.put("replyQueue", calling.getReplyQueue());
			details.put("calls", calling.counters());
		}
		RabbitWorker working = this.worker;
		if (working != null) {
			Map<String, Object> serving = new LinkedHashMap<>();
			serving.put("queues", List.copyOf(getExecutor().getTaskNames()));
			serving.put("consumers", getExecutor().getTaskNames().size());
			serving.put("prefetch", working.getPrefetch());
			serving.putAll(working.counters());
			details.put("worker", serving);
		}
		return details;
	}

	@Override
	public BrokerHealth health() {
		Connection current = this.connection;
		Map<String, Object> details = new LinkedHashMap<>();
		boolean open = current != null && current.isOpen() && !this.recovering;
		details.put("connected", open);
		if (current != null) {
			details.put("address", current.getAddress().getHostAddress() + ":" + current.getPort());
		}
		return (isRunning() && open) ? BrokerHealth.up(details) : BrokerHealth.down(details);
	}

	@Override
	public int getConnectionCount() {
		Connection current = this.connection;
		return (current != null && current.isOpen()) ? 1 : 0;
	}

	@Override
	public long getLateAnswers() {
		RabbitCaller calling = this.caller;
		return (calling != null) ? calling.getLateReplies() : 0;
	}

}
