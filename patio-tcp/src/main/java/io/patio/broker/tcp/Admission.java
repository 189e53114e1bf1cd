package io.patio.broker.tcp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
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
 * completes its handshake (a round trip) is not refused because of idle sockets. A
 * newcomer from an address that is at its own budget closes that address's oldest pending
 * connection, again never itself: this hurts only that address, and behind a proxy, a
 * sidecar or a NAT, where every client has the same address, idle sockets cannot lock the
 * honest clients out either;</li>
 * <li>authenticated connections: at most {@code maxConnections}, counted when a client
 * has proved the key, at AUTH_OK.</li>
 * </ul>
 * An "address" is an IPv4 address, or an IPv6 address's /64 prefix (one host is commonly
 * given a whole /64); an IPv4-mapped IPv6 address counts as its IPv4 address. The pending
 * connections are kept in arrival order under one short lock; accepting and admitting
 * take it once each.
 */
final class Admission {

	/** What {@link #accept} decided for a new connection. */
	record Accepted(Channel evicted, String reason) {
	}

	private final int maxConnections;

	private final int maxUnauthenticated;

	private final int maxPerAddress;

	/** Pending (unauthenticated) connections, oldest first, with their address. */
	private final LinkedHashMap<Channel, Object> pending = new LinkedHashMap<>();

	/** Pending connections per address, oldest first. */
	private final Map<Object, ArrayDeque<Channel>> pendingPerAddress = new HashMap<>();

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
	 * evicting a pending connection (which the caller closes): its address's oldest when
	 * the address is at its budget, else the oldest of all when the total is full.
	 */
	Accepted accept(Channel channel, SocketAddress remote) {
		Object address = addressOf(remote);
		Channel victim = null;
		String reason = null;
		synchronized (this) {
			ArrayDeque<Channel> fromAddress = this.pendingPerAddress.get(address);
			if (fromAddress != null && fromAddress.size() >= this.maxPerAddress) {
				victim = fromAddress.peekFirst();
				forget(victim);
				reason = "its address is at its limit of " + this.maxPerAddress
						+ " connections in the handshake (max-unauthenticated-per-address)";
			}
			else if (this.pending.size() >= this.maxUnauthenticated) {
				victim = this.pending.keySet().iterator().next();
				forget(victim);
				reason = "the server is at its limit of " + this.maxUnauthenticated
						+ " connections in the handshake (max-unauthenticated-connections)";
			}
			this.pending.put(channel, address);
			this.pendingPerAddress.computeIfAbsent(address, (key) -> new ArrayDeque<>()).addLast(channel);
		}
		if (victim != null) {
			this.evicted.increment();
		}
		return new Accepted(victim, reason);
	}

	/** The connection left the handshake (closed, or authenticated). */
	void leaveHandshake(Channel channel) {
		synchronized (this) {
			forget(channel);
		}
	}

	// under the lock
	private void forget(Channel channel) {
		Object address = this.pending.remove(channel);
		if (address != null) {
			ArrayDeque<Channel> fromAddress = this.pendingPerAddress.get(address);
			fromAddress.remove(channel);
			if (fromAddress.isEmpty()) {
				this.pendingPerAddress.remove(address);
			}
		}
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

	/** Connections refused over max-connections, since the start. */
	long refusedCount() {
		return this.refused.sum();
	}

	private static Object addressOf(SocketAddress remote) {
		if (remote instanceof InetSocketAddress inet) {
			InetAddress address = inet.getAddress();
			return (address != null) ? budgetKey(address) : inet.getHostString();
		}
		return String.valueOf(remote);
	}

	/**
	 * The key of an address's handshake budget: an IPv4 address itself; an IPv6 address's
	 * /64 prefix (its last 64 bits zeroed, its scope dropped), except an IPv4-mapped one
	 * ({@code ::ffff:a.b.c.d}), which counts as its IPv4 address.
	 */
	static InetAddress budgetKey(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return address;
		}
		byte[] bytes = address.getAddress();
		boolean mapped = true;
		for (int i = 0; i < 10 && mapped; i++) {
			mapped = bytes[i] == 0;
		}
		try {
			if (mapped && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
				return Inet4Address.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] });
			}
			byte[] prefix = new byte[16];
			System.arraycopy(bytes, 0, prefix, 0, 8);
			return InetAddress.getByAddress(prefix);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("a 4- or 16-byte address is always valid", ex);
		}
	}

}
