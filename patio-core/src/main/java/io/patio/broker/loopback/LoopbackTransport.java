package io.patio.broker.loopback;

import java.util.Iterator;
import java.util.ServiceLoader;

import io.patio.broker.PatioBroker;
import io.patio.executor.PatioExecutor;

/**
 * A transport that links a parent process with a child process over loopback, found with
 * {@link ServiceLoader}
 * ({@code META-INF/services/io.patio.broker.loopback.LoopbackTransport}):
 * {@code patio-tcp} provides one. The parent {@link #listen listens} on
 * {@code 127.0.0.1}, port 0, for the one child that proves the key; the child
 * {@link #connect connects} back and runs the parent's calls. Both ends choose the wire
 * and its serializer here, in the transport, so that they always agree.
 */
public interface LoopbackTransport {

	/** The transport's name, e.g. {@code tcp}. */
	String name();

	/**
	 * Opens and starts the parent's end: a listener on {@code 127.0.0.1}, port 0, that
	 * runs nothing itself and accepts one child authenticated with {@code key}.
	 * @param key the secret the child must prove
	 * @throws RuntimeException when it cannot listen
	 */
	LoopbackLink listen(String key);

	/**
	 * The child's end, not yet started: a broker connected to the parent's listener on
	 * {@code port} with {@code key}, reconnecting while the parent is there, that runs
	 * the parent's calls on {@code executor}.
	 */
	PatioBroker connect(PatioExecutor executor, int port, String key);

	/**
	 * The first transport on the class path.
	 * @throws IllegalStateException when there is none, naming the artifact to add
	 */
	static LoopbackTransport find() {
		Iterator<LoopbackTransport> transports = ServiceLoader
			.load(LoopbackTransport.class, LoopbackTransport.class.getClassLoader())
			.iterator();
		if (!transports.hasNext()) {
			throw new IllegalStateException("No loopback transport on the class path to link the process-pool"
					+ " workers: add io.patio:patio-tcp");
		}
		return transports.next();
	}

}
