package io.patio.broker.tcp;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.patio.ShuttingDownException;
import io.patio.broker.AbstractPatioBroker;
import io.patio.executor.CallRequest;
import io.patio.executor.PatioExecutor;
import io.patio.protocol.FrameDecoder;
import io.patio.protocol.FrameEncoder;
import io.patio.protocol.Serials;

/**
 * What the TCP server and client brokers share once a connection is up: the pipeline, the
 * serial counter, routing by advertised task, and the connections. After the handshake there
 * is no difference between the two roles: both call and execute.
 */
public abstract class AbstractTcpBroker extends AbstractPatioBroker {

	private final TcpBrokerOptions options;

	private final Serials serials = new Serials();

	private final Router router = new Router();

	private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();

	private final LongAdder lateAnswers = new LongAdder();

	private volatile boolean closing;

	private EventLoopGroup group;

	AbstractTcpBroker(PatioExecutor executor, TcpBrokerOptions options) {
		super(executor, Objects.requireNonNull(options, "options").getDefaultTimeout());
		this.options = options;
	}

	public TcpBrokerOptions getOptions() {
		return this.options;
	}

	/** The open connections, each with its peer's address, direction, tasks and counters. */
	public List<TcpConnection> getConnections() {
		return List.copyOf(this.connections);
	}

	/** Answers dropped because their caller had already given up, over all connections. */
	public long getLateAnswers() {
		return this.lateAnswers.sum();
	}

	/** Calls waiting for a peer that offers their task. */
	public int getWaitingCalls() {
		return this.router.waitingCount();
	}

	@Override
	protected boolean deliversTrees() {
		return true;
	}

	@Override
	protected CompletableFuture<Object> dispatch(CallRequest request) {
		OutboundCall call = new OutboundCall(request);
		if (this.closing) {
			call.fail(new ShuttingDownException(request.task(), "The " + getType() + " broker is closed"));
			return call.future;
		}
		call.startTimer();
		this.router.route(call);
		return call.future;
	}

	@Override
	protected final void doStart() {
		this.group = new MultiThreadIoEventLoopGroup(this.options.getEventLoopThreads(),
				new DefaultThreadFactory("patio-" + getType(), true), NioIoHandler.newFactory());
		startNetwork(this.group);
	}

	/** Binds or connects, on the broker's event loops. */
	abstract void startNetwork(EventLoopGroup group);

	/** Closes listeners and stops reconnecting, before the connections close. */
	abstract void stopNetwork();

	@Override
	protected final void doClose() {
		this.closing = true;
		stopNetwork();
		this.router.failWaiting((task) -> new ShuttingDownException(task,
				"The " + getType() + " broker was closed while task '" + task + "' waited for a peer"));
		for (TcpConnection connection : this.connections) {
			connection.close();
		}
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		afterClose();
	}

	void afterClose() {
	}

	/** Sets up a fresh channel: [TLS], framing, flush coalescing, idle detection, the handshake, the connection. */
	TcpConnection initPipeline(Channel channel, TcpConnection.Direction direction,
			io.netty.channel.ChannelHandler handshake, SslHandler ssl) {
		ChannelPipeline pipeline = channel.pipeline();
		if (ssl != null) {
			pipeline.addLast("tls", ssl);
		}
		TcpConnection connection = new TcpConnection(this, channel, direction);
		pipeline.addLast("frame-decoder", new FrameDecoder(this.options.getMaxFrameSize()));
		pipeline.addLast("frame-encoder", FrameEncoder.INSTANCE);
		pipeline.addLast("flush", new FlushConsolidationHandler(256, true));
		pipeline.addLast("idle", new IdleStateHandler(this.options.getPingInterval().toMillis(), 0, 0,
				TimeUnit.MILLISECONDS));
		pipeline.addLast("handshake", handshake);
		pipeline.addLast("connection", connection.handler());
		return connection;
	}

	boolean isClosing() {
		return this.closing;
	}

	Serials serials() {
		return this.serials;
	}

	Router router() {
		return this.router;
	}

	void connectionOpened(TcpConnection connection) {
		this.connections.add(connection);
	}

	void connectionClosed(TcpConnection connection) {
		this.connections.remove(connection);
	}

	void lateAnswer() {
		this.lateAnswers.increment();
	}

}
