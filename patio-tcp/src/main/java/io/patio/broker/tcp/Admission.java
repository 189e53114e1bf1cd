package io.patio.broker.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.Channel;

/**
 * A server's connection accounting, in two budgets so that a peer without the key cannot
 * keep one with it out:
 * <ul>
 * <li>connections still in the handshake: at most {@code maxUnauthenticated} in all and
 * {@code maxPerAddress} from one remote address. When the total is full, a newcomer
 * closes the <em>oldest</em> pending connection, never itself, so an honest client that
 * completes its handshake (a round trip) is not refused because of idle sockets; a
 * newcomer from an address that is over its own budget is closed at once, which hurts
 * only that address;</li>
 * <li>authenticated connections: at most {@code maxConnections}, counted when a client
 * has proved the key, at AUTH_OK.</li>
 * </ul>
 * The pending connections are kept in arrival order under one short lock; accepting and
 * admitting take it once each.
 */
final class Admission {

	/** What {@link #accept} decided for a new connection. */
	record Accepted(boolean admitted, Channel evicted, String reason) {
	}

	private final int maxConnections;

	private final int maxUnauthenticated;

	private final int maxPerAddress;

	/** Pending (unauthenticated) connections, oldest first, with their address. */
	private final LinkedHashMap<Channel, Object> pending = new LinkedHashMap<>();

	private final Map<Object, Integer> pendingPerAddress = new HashMap<>();

	private final AtomicInteger authenticated = new AtomicInteger();

	private final LongAdder evicted = new LongAdder();

	private final LongAdder refused = new LongAdder();

	Admission(int maxConnections, int maxUnauthenticated, int maxPerAddress) {
		this.maxConnections = maxConnections;
		this.maxUnauthenticated = maxUnauthenticated;
		this.maxPerAddress = maxPerAddress;
	}

	/**
	 * A new connection from {@code remote}: admitted into the handshake budget, possibly
	 * evicting the oldest pending connection (which the caller closes), or refused when
	 * its address is over its budget.
	 */
	Accepted accept(Channel channel, SocketAddress remote) {
		Object address = addressOf(remote);
		Channel victim = null;
		synchronized (this) {
			int fromAddress = this.pendingPerAddress.getOrDefault(address, 0);
			if (fromAddress >= this.maxPerAddress) {
				this.refused.increment();
				return new Accepted(false, null, "over the limit of " + this.maxPerAddress
						+ " connections in the handshake from one address (max-unauthenticated-per-address)");
			}
			if (this.pending.size() >= this.maxUnauthenticated) {
				Iterator<Map.Entry<Channel, Object>> oldest = this.pending.entrySet().iterator();
				Map.Entry<Channel, Object> entry = oldest.next();
				oldest.remove();
				release(entry.getValue());
				victim = entry.getKey();
			}
			this.pending.put(channel, address);
			this.pendingPerAddress.merge(address, 1, Integer::sum);
		}
		if (victim != null) {
			this.evicted.increment();
		}
		return new Accepted(true, victim, null);
	}

	/** The connection left the handshake (closed, or authenticated). */
	void leaveHandshake(Channel channel) {
		synchronized (this) {
			Object address = this.pending.remove(channel);
			if (address != null) {
				release(address);
			}
		}
	}

	private void release(Object address) {
		this.pendingPerAddress.computeIfPresent(address, (key, count) -> (count > 1) ? count - 1 : null);
	}

	/**
	 * A client proved the key: it leaves the handshake budget and takes an authenticated
	 * slot, released when the channel closes.
	 * @return {@code null} when admitted, else why it is refused
	 */
	String authenticate(Channel channel) {
		leaveHandshake(channel);
		while (true) {
			int current = this.authenticated.get();
			if (current >= this.maxConnections) {
				this.refused.increment();
				return "over the limit of " + this.maxConnections + " authenticated connections (max-connections)";
			}
			if (this.authenticated.compareAndSet(current, current + 1)) {
				break;
			}
		}
		channel.closeFuture().addListener((closed) -> this.authenticated.decrementAndGet());
		return null;
	}

	/** Connections in the handshake now. */
	synchronized int pendingCount() {
		return this.pending.size();
	}

	/** Authenticated connections now. */
	int authenticatedCount() {
		return this.authenticated.get();
	}

	/** Pending connections closed to make room for newer ones, since the start. */
	long evictedCount() {
		return this.evicted.sum();
	}

	/**
	 * Connections refused, over an address's handshake budget or over max-connections,
	 * since the start.
	 */
	long refusedCount() {
		return this.refused.sum();
	}

	private static Object addressOf(SocketAddress remote) {
		if (remote instanceof InetSocketAddress inet) {
			InetAddress address = inet.getAddress();
			return (address != null) ? address : inet.getHostString();
		}
		return String.valueOf(remote);
	}

}
