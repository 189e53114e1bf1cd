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

	/** Whether a call with no peer may wait, and what it fails with when it may not. */
	private final Router.NoPeerPolicy policy;

	/**
	 * Set, under the lock, when the group left its router: it takes no more calls or
	 * peers.
	 */
	private boolean retired;

	PeerGroup(String task, Map<String, PeerGroup> owner, Router.NoPeerPolicy policy) {
		this.task = task;
		this.owner = owner;
		this.policy = policy;
	}

	/**
	 * Sends the call to the next peer, parks it until a peer comes, or, when the policy
	 * says no peer can soon come, fails it at once.
	 * @return {@code false} when this group has retired; the router routes again
	 */
	boolean route(OutboundCall call) {
		while (!call.isDone()) {
			TcpConnection[] current = this.peers;
			if (current.length == 0) {
				PatioException refusal;
				synchronized (this) {
					if (this.retired) {
						return false;
					}
					if (this.peers.length != 0) {
						continue;
					}
					// decided under the lock, which reconsider() takes after a change:
					// a call parked on a stale decision is decided again
					refusal = this.policy.refuse(this.task);
					if (refusal == null) {
						call.waitingIn = this;
						this.waiting.add(call);
					}
					else {
						retireIfIdle();
					}
				}
				if (refusal == null) {
					// waiting for a peer, its budget needs a timer of its own
					call.startTimer();
				}
				else {
					call.fail(refusal);
				}
				return true;
			}
			// one peer needs no turn taken, and no atomic add per call
			TcpConnection peer = (current.length == 1) ? current[0]
					: current[Math.floorMod(this.next.getAndIncrement(), current.length)];
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

	/**
	 * Decides again for the calls waiting here (the state of the connections changed):
	 * fails them at once when the policy says no peer can soon come.
	 */
	void reconsider() {
		PatioException refusal;
		List<OutboundCall> failed;
		synchronized (this) {
			if (this.waiting.isEmpty() || this.peers.length != 0) {
				return;
			}
			refusal = this.policy.refuse(this.task);
			if (refusal == null) {
				return;
			}
			failed = new ArrayList<>(this.waiting);
			this.waiting.clear();
			retireIfIdle();
		}
		failed.forEach((call) -> call.fail(refusal));
	}

	/** What a call whose budget ran out while it waited here fails with. */
	PatioException expired() {
		return this.policy.expired(this.task);
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
