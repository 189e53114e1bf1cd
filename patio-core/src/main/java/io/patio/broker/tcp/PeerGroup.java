package io.patio.broker.tcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

	PeerGroup(String task) {
		this.task = task;
	}

	/** Sends the call to the next peer, or parks it until a peer comes. */
	void route(OutboundCall call) {
		while (!call.isDone()) {
			TcpConnection[] current = this.peers;
			if (current.length == 0) {
				synchronized (this) {
					if (this.peers.length == 0) {
						call.waitingIn = this;
						this.waiting.add(call);
						return;
					}
				}
				continue;
			}
			TcpConnection peer = current[Math.floorMod(this.next.getAndIncrement(), current.length)];
			if (peer.send(call)) {
				return;
			}
			// that peer closed before the call went out: nothing was sent, so try another
			remove(peer);
		}
	}

	void add(TcpConnection peer) {
		List<OutboundCall> released;
		synchronized (this) {
			if (Arrays.asList(this.peers).contains(peer)) {
				return;
			}
			TcpConnection[] grown = Arrays.copyOf(this.peers, this.peers.length + 1);
			grown[grown.length - 1] = peer;
			this.peers = grown;
			released = new ArrayList<>(this.waiting);
			this.waiting.clear();
		}
		for (OutboundCall call : released) {
			call.waitingIn = null;
			route(call);
		}
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
	}

	synchronized void removeWaiting(OutboundCall call) {
		this.waiting.remove(call);
	}

	void failWaiting(PatioException error) {
		List<OutboundCall> failed;
		synchronized (this) {
			failed = new ArrayList<>(this.waiting);
			this.waiting.clear();
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
