package io.patio.broker.tcp;

import java.util.concurrent.atomic.LongAdder;

import io.patio.protocol.PacketType;

/**
 * What a connection's handlers count; {@link TcpConnection} shows them read-only. What is
 * counted for every frame is counted on the connection's event loop, in
 * {@link LoopCounter}s; the rest, rare, from any thread.
 */
final class ConnectionCounters {

	final LoopCounter framesSent = new LoopCounter();

	final LoopCounter framesReceived = new LoopCounter();

	final LongAdder lateAnswers = new LongAdder();

	/** REQUESTs written. */
	final LoopCounter callsSent = new LoopCounter();

	final LoopCounter callsReceived = new LoopCounter();

	final LongAdder errors = new LongAdder();

	final LongAdder readPauses = new LongAdder();

	final LongAdder rejectedOutbound = new LongAdder();

	/** A frame read; on the event loop. */
	void frameReceived() {
		this.framesReceived.increment();
	}

	/**
	 * A frame written, on the event loop; a REQUEST also counts as a call sent, an ERROR
	 * as an error.
	 */
	void frameSent(PacketType type) {
		this.framesSent.increment();
		if (type == PacketType.REQUEST) {
			this.callsSent.increment();
		}
		else if (type == PacketType.ERROR) {
			this.errors.increment();
		}
	}

}
