package io.patio.executor.process;

import io.patio.broker.tcp.TcpServerBroker;

/**
 * A test fixture that does what the process pool no longer does: a class of the
 * process-pool transport that imports the TCP transport's internals.
 * {@code LayeringTests} checks that its rule reports it.
 */
public final class CrossTransportImport {

	private CrossTransportImport() {
	}

	static int portOf(TcpServerBroker server) {
		return server.getPort();
	}

}
