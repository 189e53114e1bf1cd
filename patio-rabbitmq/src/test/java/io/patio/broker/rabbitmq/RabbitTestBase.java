package io.patio.broker.rabbitmq;

import io.patio.testsupport.RabbitMq;
import io.patio.testsupport.RabbitMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture of the tests on a RabbitMQ node: the node (a private one the
 * {@link RabbitMqExtension} starts, or skipped without RabbitMQ) and, for each test,
 * fresh {@link RabbitPeers} with task names of their own, closed after it.
 */
@ExtendWith(RabbitMqExtension.class)
abstract class RabbitTestBase {

	/** The node the tests run on. */
	protected RabbitMq rabbit;

	/** This test's brokers and connections, closed after it. */
	protected RabbitPeers peers;

	@BeforeEach
	void peers(RabbitMq rabbit) {
		this.rabbit = rabbit;
		this.peers = new RabbitPeers(rabbit);
	}

	@AfterEach
	void close() throws Exception {
		this.peers.close();
	}

}
