package io.patio.broker.tcp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.patio.PatioException;

/** Routes calls by task name to the peers that advertised the task. */
final class Router {

	/**
	 * What happens to a call when no connected peer offers its task: whether it waits for
	 * one, and what it fails with when it may not, or when its budget runs out.
	 */
	interface NoPeerPolicy {

		/**
		 * {@code null} when the call may wait for a peer, else the error it fails with at
		 * once.
		 */
		PatioException refuse(String task);

		/** The error of a call whose budget ran out while it waited for a peer. */
		PatioException expired(String task);

	}

	private final ConcurrentHashMap<String, PeerGroup> groups = new ConcurrentHashMap<>();

	private final NoPeerPolicy policy;

	Router(NoPeerPolicy policy) {
		this.policy = policy;
	}

	void route(OutboundCall call) {
		while (!group(call.task()).route(call)) {
			// the group retired meanwhile; the next one is fresh
		}
	}

	void add(TcpConnection peer, Set<String> tasks) {
		tasks.forEach((task) -> {
			while (!group(task).add(peer)) {
				// the group retired meanwhile; the next one is fresh
			}
		});
	}

	/** Task names with peers or waiting calls. */
	int groupCount() {
		return this.groups.size();
	}

	void remove(TcpConnection peer, Set<String> tasks) {
		tasks.forEach((task) -> {
			PeerGroup group = this.groups.get(task);
			if (group != null) {
				group.remove(peer);
			}
		});
	}

	/**
	 * Decides again for every waiting call, after a change that may mean a peer can no
	 * longer come (the first attempt to a server ended).
	 */
	void reconsiderWaiting() {
		this.groups.values().forEach(PeerGroup::reconsider);
	}

	void failWaiting(Function<String, PatioException> error) {
		this.groups.forEach((task, group) -> group.failWaiting(error.apply(task)));
	}

	/** Calls waiting for a peer, across all tasks. */
	int waitingCount() {
		return this.groups.values().stream().mapToInt(PeerGroup::waitingCount).sum();
	}

	private PeerGroup group(String task) {
		// a plain read first: computeIfAbsent locks the bin even when the group is there
		PeerGroup group = this.groups.get(task);
		return (group != null) ? group
				: this.groups.computeIfAbsent(task, (name) -> new PeerGroup(name, this.groups, this.policy));
	}

}
