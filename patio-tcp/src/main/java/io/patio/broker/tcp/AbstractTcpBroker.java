package io.patio.broker.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.patio.PatioException;
import io.patio.ShuttingDownException;
import io.patio.broker.AbstractPatioBroker;
import io.patio.call.CallRequest;
import io.patio.call.PeriodicTask;
import io.patio.executor.PatioExecutor;
import io.patio.protocol.FaultBudget;
import io.patio.protocol.FrameDecoder;
import io.patio.protocol.FrameEncoder;
import io.patio.protocol.Serials;
import io.patio.serializer.Serializer;
import io.patio.broker.CallResponder;

/**
 * What the TCP server and client brokers share once a connection is up: the pipeline, the
 * serial counter, routing by advertised task, and the connections. After the handshake
 * there is no difference between the two roles: both call and execute.
 */
public abstract class AbstractTcpBroker extends AbstractPatioBroker implements io.patio.broker.ConnectedBroker {

	private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(CallRequest.SWEEP_MILLIS);

	private final TcpBrokerOptions options;

	private final Serials serials = new Serials();

	private final Serializer wireSerializer;

	private final CallResponder responder;

	private final Router router = new Router(new Router.NoPeerPolicy() {

		@Override
		public PatioException refuse(String task) {
			return waitsForPeer() ? null : noPeerNow(task);
		}

		@Override
		public PatioException expired(String task) {
			return noPeerExpired(task);
		}

	});

	private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();

	private final LongAdder lateAnswers = new LongAdder();

	private final FaultBudget faultBudget = new FaultBudget();

	private volatile boolean closing;

	private volatile Duration closeGrace;

	private EventLoopGroup group;

	/**
	 * Every {@value CallRequest#SWEEP_MILLIS} ms, fails the calls in flight whose budget
	 * ran out, as the executors' sweep does: a call that is answered in time schedules
	 * and cancels no timer of its own.
	 */
	private final PeriodicTask sweep = new PeriodicTask("timeout sweep of " + this, PeriodicTask.callTimer(),
			SWEEP_NANOS, this::sweep);

	AbstractTcpBroker(PatioExecutor executor, TcpBrokerOptions options) {
		super(executor, Objects.requireNonNull(options, "options").getDefaultTimeout());
		this.options = options;
		this.wireSerializer = options.getSerializer().boundedFor(options.getMaxFrameSize());
		this.responder = new CallResponder(executor, this::isClosing);
	}

	public TcpBrokerOptions getOptions() {
		return this.options;
	}

	/**
	 * The open connections, each with its peer's address, direction, tasks and counters.
	 */
	public List<TcpConnection> getConnections() {
		return List.copyOf(this.connections);
	}

	@Override
	public int getConnectionCount() {
		return this.connections.size();
	}

	/**
	 * Answers dropped because their caller had already given up, over all connections.
	 */
	@Override
	public long getLateAnswers() {
		return this.lateAnswers.sum();
	}

	/**
	 * Whether a call that finds no peer offering its task waits for one within its budget
	 * in every state: {@link TcpBrokerOptions#getWaitForPeer()}, or the broker's default
	 * when that is unset ({@code true} on a server, {@code false} on a client).
	 */
	public boolean waitsForPeer() {
		Boolean configured = this.options.getWaitForPeer();
		return (configured != null) ? configured : waitsForPeerByDefault();
	}

	abstract boolean waitsForPeerByDefault();

	/**
	 * With no peer offering {@code task} and {@link #waitsForPeer()} off: {@code null}
	 * when a peer can soon come (the call waits), else the error the call fails with at
	 * once. Called under a routing lock: reads state, takes no lock.
	 */
	abstract PatioException noPeerNow(String task);

	/** The error of a call whose budget ran out while it waited for a peer. */
	abstract PatioException noPeerExpired(String task);

	/**
	 * Why a broker's own tasks are not called on it, for the messages of calls of a task
	 * this broker runs itself; empty for other tasks.
	 */
	String selfNote(String task) {
		if (!getExecutor().getTaskNames().contains(task)) {
			return "";
		}
		return "; this " + getType() + " runs '" + task
				+ "' for its peers itself, but a broker never routes a call to itself";
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
		return dispatch(request, (BiFunction<String, Object, Object>) null);
	}

	/** The answer is converted as it completes the call: no extra stage per call. */
	@Override
	protected CompletableFuture<Object> dispatch(CallRequest request,
			BiFunction<String, Object, Object> resultMapping) {
		OutboundCall call = new OutboundCall(request, resultMapping);
		if (this.closing) {
			call.fail(new ShuttingDownException(request.task(), "The " + getType() + " broker is closed"));
			return call.future;
		}
		this.router.route(call);
		return call.future;
	}

	/**
	 * Sends a prepared request as it is (its deadline, headers and arguments, JSON trees
	 * or Java values) and returns the raw answer, a JSON tree, with no interceptor and no
	 * result conversion: for executors that forward calls they were given, such as the
	 * process pool. Never throws; a broker that is not running fails the future.
	 */
	public CompletableFuture<Object> forward(CallRequest request) {
		if (!isRunning()) {
			return CompletableFuture.failedFuture(new ShuttingDownException(request.task(),
					"The " + getType() + " broker is not running; cannot forward task '" + request.task() + "'"));
		}
		return dispatch(request);
	}

	/** A registry that peers would refuse to discover fails the start. */
	@Override
	protected void checkStart() {
		TcpConnection.checkAdvertisable(getExecutor().getTaskNames());
	}

	@Override
	protected final void doStart() {
		this.group = new MultiThreadIoEventLoopGroup(this.options.getEventLoopThreads(),
				new DefaultThreadFactory("patio-" + getType(), true),
				Transport.CURRENT.ioHandlerFactory(this.options.getBusyPoll().toNanos()));
		startNetwork(this.group);
		// the timer's wheel ticks every 10 ms and runs a task at the first tick past its
		// delay: half an interval from now is the next tick
		this.sweep.schedule(SWEEP_NANOS / 2);
	}

	private long sweep() {
		long now = System.nanoTime();
		for (TcpConnection connection : this.connections) {
			connection.expireOverdue(now);
		}
		return SWEEP_NANOS / 2;
	}

	/** Binds or connects, on the broker's event loops. */
	abstract void startNetwork(EventLoopGroup group);

	/** Closes listeners and stops reconnecting, before the connections close. */
	abstract void stopNetwork();

	/**
	 * Closes the broker gracefully: new calls from peers are answered
	 * {@code shutting-down} at once, the peers' calls already running are answered and
	 * this broker's calls already sent get their answers, for at most {@code grace}; then
	 * the connections close and whatever is still pending fails. {@link #close()} uses
	 * {@link TcpBrokerOptions#getShutdownGrace()}.
	 */
	@Override
	public void close(Duration grace) {
		this.closeGrace = Objects.requireNonNull(grace, "grace");
		close();
	}

	@Override
	protected final void doClose() {
		Duration grace = (this.closeGrace != null) ? this.closeGrace : this.options.getShutdownGrace();
		this.closing = true;
		stopNetwork();
		this.router.failWaiting((task) -> new ShuttingDownException(task,
				"The " + getType() + " broker was closed while task '" + task + "' waited for a peer"));
		awaitQuiet(grace);
		for (TcpConnection connection : this.connections) {
			connection.close();
		}
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		// the connections are closed and their calls failed: nothing is left to sweep
		this.sweep.cancel();
		afterClose();
	}

	void afterClose() {
	}

	/**
	 * Waits until no connection has calls running or in flight, for at most
	 * {@code grace}.
	 */
	private void awaitQuiet(Duration grace) {
		long deadline = System.nanoTime() + grace.toNanos();
		while (System.nanoTime() - deadline < 0) {
			boolean quiet = true;
			for (TcpConnection connection : this.connections) {
				if (connection.isOpen() && (connection.getExecuting() > 0 || connection.getInFlight() > 0)) {
					quiet = false;
					break;
				}
			}
			if (quiet) {
				return;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	/**
	 * Whether {@code channel} carries an established connection (one that a graceful
	 * close lets finish).
	 */
	boolean isEstablished(Channel channel) {
		for (TcpConnection connection : this.connections) {
			if (connection.channel() == channel) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Sets up a fresh channel: [TLS], idle detection, framing and flush coalescing, the
	 * handshake and the fault handler; the handshake installs the connection's handlers
	 * when it succeeds.
	 */
	TcpConnection initPipeline(Channel channel, TcpConnection.Direction direction, HandshakeHandler handshake,
			SslHandler ssl) {
		int highWaterMark = this.options.getMaxPendingWriteBytes();
		channel.config()
			.setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(highWaterMark / 2, highWaterMark));
		ChannelPipeline pipeline = channel.pipeline();
		if (ssl != null) {
			pipeline.addLast("tls", ssl);
		}
		TcpConnection connection = new TcpConnection(this, channel, direction);
		// the idle watch and the flush consolidation see each read's bytes, not each
		// frame; the consolidation still sees the frames written, before they are
		// encoded, and the watch asks the decoder whether a read made a whole frame, so
		// that a peer trickling the bytes of a frame it never finishes is pinged
		FrameDecoder decoder = new FrameDecoder(this.options.getHandshakeMaxFrameSize(), this.options.getMaxFrameSize(),
				this.faultBudget);
		pipeline.addLast("idle", new IdleWatch(this.options.getPingInterval().toMillis(), decoder::framesRead));
		pipeline.addLast("frame-encoder", new FrameEncoder());
		pipeline.addLast("flush", new FlushConsolidationHandler(256, true));
		pipeline.addLast("frame-decoder", decoder);
		handshake.handOverTo(connection);
		pipeline.addLast("handshake", handshake);
		pipeline.addLast(TcpConnection.FAULTS, connection.faultHandler());
		return connection;
	}

	/**
	 * The client's TLS handler for {@code server}: the host is passed on for SNI and host
	 * name verification, which is switched on also for contexts (such as a wrapped JDK
	 * {@code SSLContext}) that do not set it themselves.
	 */
	static SslHandler clientTls(io.netty.handler.ssl.SslContext context, Channel channel, TcpAddress server) {
		SslHandler handler = context.newHandler(channel.alloc(), server.host(), server.port());
		javax.net.ssl.SSLEngine engine = handler.engine();
		javax.net.ssl.SSLParameters parameters = engine.getSSLParameters();
		if (parameters.getEndpointIdentificationAlgorithm() == null
				|| parameters.getEndpointIdentificationAlgorithm().isEmpty()) {
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			engine.setSSLParameters(parameters);
		}
		return handler;
	}

	/**
	 * Called by the server's handshake when a client proved the key, before AUTH_OK:
	 * whether the connection may go on; when it may not, this method has answered and
	 * closed it.
	 */
	boolean admitAuthenticated(io.netty.channel.ChannelHandlerContext ctx) {
		return true;
	}

	boolean isClosing() {
		return this.closing;
	}

	/**
	 * The budget for lines about closed connections, one for the whole broker: shared by
	 * its frame decoders, handshakes, connections and admission.
	 */
	FaultBudget faultBudget() {
		return this.faultBudget;
	}

	/**
	 * The serializer for frames after the handshake: the configured one, its decoding
	 * bounded for frames of at most {@code max-frame-size} bytes.
	 */
	Serializer wireSerializer() {
		return this.wireSerializer;
	}

	/** Runs the calls peers send on this broker's executor. */
	CallResponder responder() {
		return this.responder;
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
