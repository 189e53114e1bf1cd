package io.patio.broker.tcp;

import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.patio.RejectedCallException;
import io.patio.serializer.Excerpt;
import io.patio.protocol.FaultLog;

/**
 * One connection to a peer, after the handshake: discovery both ways, calls both ways.
 * The class is the connection's public, read-only face (remote address, direction,
 * advertised tasks, counters), what Actuator shows; the work is done by the pipeline it
 * {@link #install installs} once the handshake is over, one handler per concern:
 * <ol>
 * <li>{@link PacketCodec}: frames to typed packets and back;</li>
 * <li>{@link KeepaliveHandler}: pings a silent peer, drops one that does not answer;</li>
 * <li>{@link DiscoveryHandler}: discovery both ways, routing, the broker's list;</li>
 * <li>{@link OutboundCallsHandler}: this side's calls and their answers;</li>
 * <li>{@link InboundFlowControl}: back-pressure on the peer's calls;</li>
 * <li>{@link InboundCallsHandler}: runs the peer's calls on the executor and
 * answers.</li>
 * </ol>
 * <p>
 * Calls from the peer run on the executor's threads, never on the event loop; their
 * answers are encoded there and written by the event loop in batches, their flushes
 * coalesced. The connection stops reading while too many of the peer's calls run, while
 * the executor turns its calls away (saturated), or while the channel is not writable;
 * calls this side makes fail fast with {@link RejectedCallException} while the channel is
 * not writable, so nothing is buffered without bound in either direction.
 */
public final class TcpConnection {

	private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

	/** The name of the {@link #faultHandler()} in the pipeline. */
	static final String FAULTS = "faults";

	/**
	 * The most task names a peer's DISCOVER_RESPONSE may list; a longer list closes the
	 * connection. The names are kept while the peer is connected, so they are capped
	 * apart from the frame size.
	 */
	public static final int MAX_ADVERTISED_TASKS = 10_000;

	/** The most characters of one task name in a peer's DISCOVER_RESPONSE. */
	public static final int MAX_TASK_NAME_LENGTH = 512;

	/**
	 * Peers refuse a DISCOVER_RESPONSE of more than
	 * {@value TcpConnection#MAX_ADVERTISED_TASKS} names or a name longer than
	 * {@value TcpConnection#MAX_TASK_NAME_LENGTH} characters: such a registry could never
	 * be discovered, so it fails the start, naming the limit and the culprit.
	 */
	static void checkAdvertisable(Set<String> names) {
		if (names.size() > MAX_ADVERTISED_TASKS) {
			throw new IllegalStateException("The registry has " + names.size() + " tasks; a TCP broker advertises at"
					+ " most " + MAX_ADVERTISED_TASKS + " (TcpConnection.MAX_ADVERTISED_TASKS), and peers"
					+ " close a connection whose DISCOVER_RESPONSE lists more. Split the tasks over several projects");
		}
		for (String name : names) {
			if (name.length() > MAX_TASK_NAME_LENGTH) {
				throw new IllegalStateException("The task name '" + Excerpt.of(name) + "' is " + name.length()
						+ " characters long; a TCP broker advertises names of at most " + MAX_TASK_NAME_LENGTH
						+ " characters (TcpConnection.MAX_TASK_NAME_LENGTH), and"
						+ " peers close a connection whose DISCOVER_RESPONSE has a longer one. Register it under a"
						+ " shorter name");
			}
		}
	}

	/** Who dialled. */
	public enum Direction {

		/** The peer connected to this broker's listener. */
		INBOUND,
		/** This broker connected to the peer. */
		OUTBOUND

	}

	private final Channel channel;

	private final Direction direction;

	private final FaultLog faults;

	private final ConnectionCounters counters = new ConnectionCounters();

	private final PacketCodec codec;

	private final KeepaliveHandler keepalive;

	private final DiscoveryHandler discovery;

	private final OutboundCallsHandler outbound;

	private final InboundFlowControl flowControl;

	private final InboundCallsHandler inbound;

	private final ClosingOnFault faultHandler = new ClosingOnFault();

	TcpConnection(AbstractTcpBroker broker, Channel channel, Direction direction) {
		this.channel = channel;
		this.direction = direction;
		TcpBrokerOptions options = broker.getOptions();
		// the connection's faults are logged under this class's name, whichever handler
		// finds them
		this.faults = new FaultLog(log, broker.faultBudget());
		this.codec = new PacketCodec(broker.wireSerializer(), broker.getExecutor().argumentTypes(),
				options.getMaxFrameSize(), this.counters, this.faults);
		this.keepalive = new KeepaliveHandler(broker.serials(), options.getPingTimeout().toMillis(), this.faults,
				this.counters.readPauses::sum);
		this.discovery = new DiscoveryHandler(broker, this);
		this.outbound = new OutboundCallsHandler(broker, this, channel, this.counters);
		this.flowControl = new InboundFlowControl(options.getMaxInFlightPerConnection(), this.counters);
		this.inbound = new InboundCallsHandler(broker, channel, this.counters, this.flowControl);
	}

	/** The peer's address. */
	public SocketAddress getRemoteAddress() {
		return this.channel.remoteAddress();
	}

	/** This side's address. */
	public SocketAddress getLocalAddress() {
		return this.channel.localAddress();
	}

	public Direction getDirection() {
		return this.direction;
	}

	/** When the handshake finished, or {@code null} before. */
	public Instant getConnectedSince() {
		return this.discovery.connectedSince();
	}

	/** The task names the peer advertised in its last DISCOVER_RESPONSE. */
	public Set<String> getAdvertisedTasks() {
		return this.discovery.advertisedTasks();
	}

	/**
	 * Whether calls are routed to this peer: discovery is done both ways and it is open.
	 */
	public boolean isReady() {
		return this.discovery.isReady();
	}

	public boolean isOpen() {
		return !this.discovery.isClosed() && this.channel.isActive();
	}

	/** Calls this broker sent on this connection that have no answer yet. */
	public int getInFlight() {
		return this.outbound.inFlight();
	}

	/** The peer's calls running on this broker's executor. */
	public int getExecuting() {
		return this.flowControl.executing();
	}

	public long getFramesSent() {
		return this.counters.framesSent.sum();
	}

	public long getFramesReceived() {
		return this.counters.framesReceived.sum();
	}

	/** Answers that came after their caller had given up (timed out), dropped. */
	public long getLateAnswers() {
		return this.counters.lateAnswers.sum();
	}

	/** Calls (REQUESTs) this broker sent to the peer on this connection. */
	public long getCallsSent() {
		return this.counters.callsSent.sum();
	}

	/** Calls (REQUESTs) the peer sent to this broker on this connection. */
	public long getCallsReceived() {
		return this.counters.callsReceived.sum();
	}

	/**
	 * ERROR answers sent or received on this connection: calls that failed either way.
	 */
	public long getErrors() {
		return this.counters.errors.sum();
	}

	/** Whether the connection is encrypted with TLS. */
	public boolean isTls() {
		return this.channel.pipeline().get(SslHandler.class) != null;
	}

	/**
	 * How many times this connection stopped reading from the peer: too many of its calls
	 * running, the executor saturated, or our answers not leaving fast enough.
	 */
	public long getReadPauses() {
		return this.counters.readPauses.sum();
	}

	/**
	 * Calls refused before they were sent because the connection could not take more
	 * bytes.
	 */
	public long getRejectedOutbound() {
		return this.counters.rejectedOutbound.sum();
	}

	/** Closes the connection; its in-flight calls fail at once. */
	public void close() {
		this.channel.close();
	}

	/**
	 * Adds the connection's handlers at the end of the pipeline, once the handshake is
	 * over; on the event loop.
	 */
	void install(ChannelPipeline pipeline) {
		// the handlers of the answers and of the calls first: each packet passes
		// through every handler before the one that takes it
		pipeline.addBefore(FAULTS, "packet-codec", this.codec);
		pipeline.addBefore(FAULTS, "keepalive", this.keepalive);
		pipeline.addBefore(FAULTS, "outbound-calls", this.outbound);
		pipeline.addBefore(FAULTS, "flow-control", this.flowControl);
		pipeline.addBefore(FAULTS, "inbound-calls", this.inbound);
		pipeline.addBefore(FAULTS, "discovery", this.discovery);
	}

	/**
	 * The pipeline's last handler, there from the start: a fault no handler took care of
	 * (in the handshake or after it) closes the connection, with a logged reason.
	 */
	ChannelHandler faultHandler() {
		return this.faultHandler;
	}

	/**
	 * Sends a call on this connection, from any thread.
	 * @return {@code false} when the connection closed before the call went out (nothing
	 * was sent, so the caller may route it elsewhere)
	 */
	boolean send(OutboundCall call) {
		return this.outbound.send(call);
	}

	/** Fails the calls sent here whose budget ran out by {@code now}. */
	void expireOverdue(long now) {
		this.outbound.expireOverdue(now);
	}

	/**
	 * Drops a call that timed out; its answer, if it comes, counts as late.
	 * @return whether it was still in flight here (then the caller ends it)
	 */
	boolean forget(OutboundCall call) {
		return this.outbound.forget(call);
	}

	CompletableFuture<TcpConnection> readyFuture() {
		return this.discovery.ready();
	}

	Channel channel() {
		return this.channel;
	}

	/** The last handler: a fault nobody handled closes the connection, logged. */
	private final class ClosingOnFault extends ChannelInboundHandlerAdapter {

		/**
		 * Whether a fault of the closed connection was logged: Netty fails each write
		 * left in its buffer with the error that closed it, and one reason is enough.
		 */
		private boolean closedLogged;

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			boolean closed = !ctx.channel().isActive();
			if (closed && (this.closedLogged || cause instanceof ClosedChannelException)) {
				// a write that raced the close, or the next of the writes a reset failed
				// (each fails with the same error, and its calls as lost): nothing new
				log.debug("Fault on a closed connection", cause);
				return;
			}
			this.closedLogged = closed;
			// the message may quote what the peer sent: at most an excerpt of it
			TcpConnection.this.faults.closing(getRemoteAddress(),
					cause.getClass().getName() + ": " + Excerpt.of(cause.getMessage()));
			log.debug("Connection fault", cause);
			ctx.close();
		}

		/**
		 * The peer ended TLS (close_notify) and kept the socket. Under TLS 1.2 the TLS
		 * handler then drops, with no error, whatever is written to it; under TLS 1.3 the
		 * peer has stopped sending, so it can no longer answer a ping nor send a call or
		 * an answer: patio's protocol has no half-close. Either way the connection ends
		 * here, and the calls in flight on it fail at once as lost.
		 */
		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
			if (event instanceof SslCloseCompletionEvent && ctx.channel().isActive()) {
				log.debug("{} ended TLS; closing the connection", getRemoteAddress());
				ctx.close();
			}
			super.userEventTriggered(ctx, event);
		}

	}

	@Override
	public String toString() {
		return "TcpConnection[" + this.direction.name().toLowerCase(Locale.ROOT) + " " + getRemoteAddress() + ", tasks="
				+ getAdvertisedTasks() + ", inFlight=" + getInFlight() + "]";
	}

}
