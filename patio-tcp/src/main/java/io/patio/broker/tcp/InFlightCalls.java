package io.patio.broker.tcp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One connection's calls in flight, by serial. Several threads end calls here: the event
 * loop with their answers or the channel's close (a REQUEST whose write fails closes it),
 * and the broker's timeout sweep. Whoever removes a call is the one who ends it, so every
 * call ends exactly once and an answer that finds its call gone is late.
 */
final class InFlightCalls {

	private final ConcurrentHashMap<Long, OutboundCall> calls = new ConcurrentHashMap<>();

	int size() {
		return this.calls.size();
	}

	void put(long serial, OutboundCall call) {
		this.calls.put(serial, call);
	}

	/** Removes the call if it is still in flight under {@code serial}. */
	boolean remove(long serial, OutboundCall call) {
		return this.calls.remove(serial, call);
	}

	/** The call an answer with {@code serial} ends, removed; {@code null} when late. */
	OutboundCall answered(long serial) {
		return this.calls.remove(serial);
	}

	/**
	 * Removes, and fails with a timeout, the calls whose budget ran out by {@code now} (a
	 * {@link System#nanoTime()}).
	 */
	void expireOverdue(long now) {
		if (this.calls.isEmpty()) {
			return;
		}
		for (OutboundCall call : this.calls.values()) {
			if (call.isOverdue(now) && this.calls.remove(call.serial, call)) {
				call.fail(call.timedOut());
			}
		}
	}

	/** Removes every call and hands each to {@code ending}. */
	void removeAll(Consumer<OutboundCall> ending) {
		for (Long serial : this.calls.keySet()) {
			OutboundCall call = this.calls.remove(serial);
			if (call != null) {
				ending.accept(call);
			}
		}
	}

}
