package io.patio.broker.tcp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;

import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;

/**
 * A worker in its own JVM for the flood and crash tests: a TCP server running
 * {@link TestTasks} on a small thread pool. Arguments: name, port (0 for any), workers,
 * queue capacity. Prints {@code PORT <port>} once listening; answers {@code stats} on
 * stdin with its counters; exits when stdin ends.
 */
public final class ForkedWorker {

	private ForkedWorker() {
	}

	public static void main(String[] args) throws Exception {
		String name = args[0];
		int port = Integer.parseInt(args[1]);
		int workers = Integer.parseInt(args[2]);
		int queue = Integer.parseInt(args[3]);
		Registry registry = new Registry();
		TestTasks tasks = new TestTasks(name);
		for (String task : new String[] { "mul", "add", "whoami", "slow" }) {
			registry.register(task, tasks, task);
		}
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, workers, queue);
		TcpServerBroker server = new TcpServerBroker(executor, TcpBrokerOptions.builder().eventLoopThreads(1).build(),
				"127.0.0.1:" + port);
		server.start();
		System.out.println("PORT " + server.getPort());
		System.out.flush();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
		String line;
		while ((line = in.readLine()) != null) {
			if (line.equals("stats")) {
				long pauses = server.getConnections().stream().mapToLong(TcpConnection::getReadPauses).sum();
				System.out.println("STATS pauses=" + pauses + " rejected=" + executor.getStats().rejected()
						+ " completed=" + executor.getStats().completed() + " heapMiB="
						+ (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024));
				System.out.flush();
			}
		}
		server.close();
		executor.shutdown(Duration.ofSeconds(1));
		System.exit(0);
	}

}
