package io.patio.executor.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.patio.broker.PatioBroker;
import io.patio.broker.loopback.LoopbackTransport;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;

/**
 * The main class of a plain-Java worker process of a {@link ProcessPoolPatioExecutor}.
 * The parent's {@code -D} properties are set first (those of the worker's own command
 * line win). What starts here, and nothing else: the registry of the
 * {@link RegistryFactory} named by the first argument, a {@link ThreadPoolPatioExecutor}
 * with {@code tasks per worker} threads, and the child's end of the loopback link to the
 * parent ({@link LoopbackTransport#connect}, a TCP client broker) with the per-pool key.
 * The worker exits when its parent goes away (stdin closed or parent process gone).
 */
public final class ProcessWorker {

	private ProcessWorker() {
	}

	public static void main(String[] args) throws Exception {
		WorkerEnvironment env = WorkerEnvironment.current()
			.orElseThrow(() -> new IllegalStateException("ProcessWorker is started by a process-pool executor, which"
					+ " sets " + WorkerEnvironment.PORT + " and " + WorkerEnvironment.KEY));
		if (args.length < 1) {
			throw new IllegalArgumentException("Usage: ProcessWorker <registry factory class>");
		}
		// the parent's -D properties first, so that the registry factory sees them
		env.readSettings().applySystemProperties();
		RegistryFactory factory = (RegistryFactory) Class.forName(args[0]).getDeclaredConstructor().newInstance();
		Registry registry = factory.create();
		// tasks declared inline run on workers too: nothing holds up the link to the
		// parent
		ThreadPoolPatioExecutor executor = ThreadPoolPatioExecutor.onWorkersOnly(registry, env.tasks());
		PatioBroker client = LoopbackTransport.find().connect(executor, env.port(), env.key());
		CountDownLatch stopped = new CountDownLatch(1);
		env.exitWithParent(() -> {
			client.close(Duration.ofSeconds(1));
			executor.shutdown(Duration.ofSeconds(1));
			stopped.countDown();
		});
		client.start();
		stopped.await();
	}

}
