package io.patio.broker.tcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.patio.PatioException;

/**
 * The peers that advertised one task, taken round-robin, and the calls waiting for such a
 * peer. Choosing a peer takes no lock; the lock only guards the short moments when peers
 * come and go or a call starts waiting, so waiting never blocks other calls.
 */
final class PeerGroup {

	private static final TcpConnection[] NONE = {};

	private final String task;

	private volatile TcpConnection[] peers = NONE;

	private final AtomicInteger next = new AtomicInteger();

	private final ArrayDeque<OutboundCall> waiting = new ArrayDeque<>();

	/** The router's groups, so that an idle group can leave it. */
	private final Map<String, PeerGroup> owner;

	/**
	 * Set, under the lock, when the group left its router: it takes no more calls or
	 * peers.
	 */
	private boolean retired;

	PeerGroup(String task, Map<String, PeerGroup> owner) {
		this.task = task;
		this.owner = owner;
	}

	/**
	 * Sends the call to the next peer, or parks it until a peer comes.
	 * @return {@code false} when this group has retired; the router routes again
	 */
	boolean route(OutboundCall call) {
		while (!call.isDone()) {
			TcpConnection[] current = this.peers;
			if (current.length == 0) {
				synchronized (this) {
					if (this.retired) {
						return false;
					}
					if (this.peers.length == 0) {
						call.waitingIn = this;
						this.waiting.add(call);
						return true;
					}
				}
				continue;
			}
			TcpConnection peer = current[Math.floorMod(this.next.getAndIncrement(), current.length)];
			if (peer.send(call)) {
				return true;
			}
			// that peer closed before the call went out: nothing was sent, so try another
			remove(peer);
		}
		return true;
	}

	/**
	 * Adds a peer and sends it the calls that waited for one.
	 * @return {@code false} when this group has retired; the router adds to a new one
	 */
	boolean add(TcpConnection peer) {
		List<OutboundCall> released;
		synchronized (this) {
			if (this.retired) {
				return false;
			}
			if (Arrays.asList(this.peers).contains(peer)) {
				return true;
			}
			TcpConnection[] grown = Arrays.copyOf(this.peers, this.peers.length + 1);
			grown[grown.length - 1] = peer;
			this.peers = grown;
			released = new ArrayList<>(this.waiting);
			this.waiting.clear();
		}
		for (OutboundCall call : released) {
			call.waitingIn = null;
			if (!route(call)) {
				throw new IllegalStateException("a group with a peer cannot retire");
			}
		}
		return true;
	}

	synchronized void remove(TcpConnection peer) {
		TcpConnection[] current = this.peers;
		int index = Arrays.asList(current).indexOf(peer);
		if (index < 0) {
			return;
		}
		TcpConnection[] shrunk = new TcpConnection[current.length - 1];
		System.arraycopy(current, 0, shrunk, 0, index);
		System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
		this.peers = shrunk;
		retireIfIdle();
	}

	synchronized void removeWaiting(OutboundCall call) {
		this.waiting.remove(call);
		retireIfIdle();
	}

	/*
	 * A group with no peer and no waiting call leaves its router, so that calls of names
	 * no peer offers (typos, names from user input) do not grow the router without bound.
	 */
	private void retireIfIdle() {
		if (this.peers.length == 0 && this.waiting.isEmpty()) {
			this.retired = true;
			this.owner.remove(this.task, this);
		}
	}

	void failWaiting(PatioException error) {
		List<OutboundCall> failed;
		synchronized (this) {
			failed = new ArrayList<>(this.waiting);
			this.waiting.clear();
			retireIfIdle();
		}
		failed.forEach((call) -> call.fail(error));
	}

	synchronized int waitingCount() {
		return this.waiting.size();
	}

	@Override
	public String toString() {
		return "PeerGroup[" + this.task + ", peers=" + this.peers.length + "]";
	}

}
