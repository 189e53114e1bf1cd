package io.patio.broker.tcp;

import java.util.ArrayDeque;
import java.util.Deque;

import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;

/** Builds brokers on loopback for a test and closes them all afterwards. */
final class TcpPeers implements AutoCloseable {

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	static TcpBrokerOptions.Builder fast() {
		return TcpBrokerOptions.builder()
			.reconnectDelay(java.time.Duration.ofMillis(50))
			.reconnectMaxDelay(java.time.Duration.ofMillis(200))
			.eventLoopThreads(1);
	}

	/**
	 * An executor running {@link TestTasks} named {@code name}, or running nothing for
	 * {@code null}.
	 */
	PatioExecutor executor(String name) {
		Registry registry = new Registry();
		if (name == null) {
			return new NullPatioExecutor(registry);
		}
		TestTasks tasks = new TestTasks(name);
		for (String task : new String[] { "mul", "add", "whoami", "boom", "slow", "inlineThread", "thread",
				"mirror" }) {
			registry.register(task, tasks, task);
		}
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 4, 1024);
		this.resources.push(() -> executor.shutdown(java.time.Duration.ofSeconds(1)));
		return executor;
	}

	TcpServerBroker server(String tasks, TcpBrokerOptions options, String... listen) {
		TcpServerBroker server = new TcpServerBroker(executor(tasks), options,
				(listen.length > 0) ? listen : new String[] { "127.0.0.1:0" });
		this.resources.push(server);
		server.start();
		return server;
	}

	TcpServerBroker server(String tasks) {
		return server(tasks, fast().build());
	}

	TcpClientBroker client(String tasks, TcpBrokerOptions options, TcpServerBroker... servers) {
		String[] addresses = new String[servers.length];
		for (int i = 0; i < servers.length; i++) {
			addresses[i] = address(servers[i]);
		}
		TcpClientBroker client = new TcpClientBroker(executor(tasks), options, addresses);
		this.resources.push(client);
		return client;
	}

	TcpClientBroker clientTo(String tasks, TcpBrokerOptions options, String... addresses) {
		TcpClientBroker client = new TcpClientBroker(executor(tasks), options, addresses);
		this.resources.push(client);
		return client;
	}

	TcpClientBroker connected(String tasks, TcpServerBroker... servers) {
		TcpClientBroker client = client(tasks, fast().build(), servers);
		client.connect();
		return client;
	}

	static String address(TcpServerBroker server) {
		java.net.InetSocketAddress bound = server.getBoundAddresses().get(0);
		String host = bound.getAddress().getHostAddress();
		return ((host.indexOf(':') >= 0) ? "[" + host.replaceAll("%.*$", "") + "]" : host) + ":" + bound.getPort();
	}

	@Override
	public void close() throws Exception {
		while (!this.resources.isEmpty()) {
			this.resources.pop().close();
		}
	}

}
