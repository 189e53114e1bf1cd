package io.patio.broker.tcp;

import java.util.concurrent.atomic.LongAdder;

import io.patio.protocol.PacketType;

/**
 * What a connection's handlers count, from any thread; {@link TcpConnection} shows them
 * read-only.
 */
final class ConnectionCounters {

	final LongAdder framesSent = new LongAdder();

	final LongAdder framesReceived = new LongAdder();

	final LongAdder lateAnswers = new LongAdder();

	final LongAdder callsSent = new LongAdder();

	final LongAdder callsReceived = new LongAdder();

	final LongAdder errors = new LongAdder();

	final LongAdder readPauses = new LongAdder();

	final LongAdder rejectedOutbound = new LongAdder();

	void frameReceived() {
		this.framesReceived.increment();
	}

	/** A frame written; an ERROR also counts as an error. */
	void frameSent(PacketType type) {
		this.framesSent.increment();
		if (type == PacketType.ERROR) {
			this.errors.increment();
		}
	}

}
