package io.patio.broker.tcp;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.patio.ConnectionLostException;

/**
 * Discovery both ways, and the connection's place in the broker. When the handshake
 * completes, it registers the connection and asks the peer for its tasks; it answers the
 * peer's DISCOVER_REQUESTs (first discovery and pings alike) with this broker's tasks,
 * none once the broker is closing. Once it has answered the peer and has the peer's
 * answer, the connection is routable: calls for the peer's tasks go to it, and
 * {@link #ready()} completes. A later DISCOVER_RESPONSE (the answer to a ping) updates
 * the routes. When the channel closes, the connection leaves the routes and the broker.
 */
final class DiscoveryHandler extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(DiscoveryHandler.class);

	private final AbstractTcpBroker broker;

	private final TcpConnection connection;

	private final CompletableFuture<TcpConnection> ready = new CompletableFuture<>();

	private volatile Instant connectedSince;

	private volatile Set<String> advertisedTasks = Set.of();

	private volatile boolean closed;

	// touched on the event loop only
	private boolean discoveryReceived;

	private boolean discoveryAnswered;

	private boolean routable;

	DiscoveryHandler(AbstractTcpBroker broker, TcpConnection connection) {
		this.broker = broker;
		this.connection = connection;
	}

	/** Completes once the connection is routable; fails if it closes before. */
	CompletableFuture<TcpConnection> ready() {
		return this.ready;
	}

	/** Whether the connection is routable and open. */
	boolean isReady() {
		return this.ready.isDone() && !this.closed;
	}

	boolean isClosed() {
		return this.closed;
	}

	/** When the handshake finished, or {@code null} before. */
	Instant connectedSince() {
		return this.connectedSince;
	}

	/** The task names the peer advertised in its last DISCOVER_RESPONSE. */
	Set<String> advertisedTasks() {
		return this.advertisedTasks;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == HandshakeCompleted.INSTANCE) {
			this.connectedSince = Instant.now();
			this.broker.connectionOpened(this.connection);
			ctx.writeAndFlush(new Packet.DiscoverRequest(this.broker.serials().next()), ctx.voidPromise());
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Packet.DiscoverRequest request) {
			// a broker that is shutting down offers nothing more
			Set<String> tasks = this.broker.isClosing() ? Set.of() : this.broker.getExecutor().getTaskNames();
			if (ctx.channel().isActive()) {
				ctx.writeAndFlush(new Packet.DiscoverResponse(request.serial(), tasks), ctx.voidPromise());
			}
			this.discoveryAnswered = true;
			becomeRoutable();
		}
		else if (msg instanceof Packet.DiscoverResponse response) {
			onDiscoverResponse(response.tasks());
		}
		else {
			ctx.fireChannelRead(msg);
		}
	}

	private void onDiscoverResponse(Set<String> tasks) {
		Set<String> previous = this.advertisedTasks;
		this.advertisedTasks = tasks;
		this.discoveryReceived = true;
		if (this.routable) {
			Set<String> gone = new LinkedHashSet<>(previous);
			gone.removeAll(tasks);
			this.broker.router().remove(this.connection, gone);
			this.broker.router().add(this.connection, tasks);
		}
		becomeRoutable();
	}

	/** Once we answered the peer's discovery and have its answer, calls may go to it. */
	private void becomeRoutable() {
		if (this.routable || !this.discoveryReceived || !this.discoveryAnswered || this.closed) {
			return;
		}
		this.routable = true;
		log.debug("Connection to {} ready; the peer offers {}", this.connection.getRemoteAddress(),
				this.advertisedTasks);
		this.broker.router().add(this.connection, this.advertisedTasks);
		this.ready.complete(this.connection);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.broker.router().remove(this.connection, this.advertisedTasks);
		this.closed = true;
		this.broker.connectionClosed(this.connection);
		if (!this.ready.isDone()) {
			this.ready.completeExceptionally(new ConnectionLostException(null,
					"The connection to " + this.connection.getRemoteAddress() + " closed before discovery finished"));
		}
		super.channelInactive(ctx);
	}

}
