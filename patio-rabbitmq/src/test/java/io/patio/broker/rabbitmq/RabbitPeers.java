package io.patio.broker.rabbitmq;

import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.testsupport.RabbitMq;

/**
 * Builds RabbitMQ brokers on a test node and closes them all afterwards. Task names carry
 * a suffix of this instance's own, since the node and its queues outlive a test.
 */
final class RabbitPeers implements AutoCloseable {

	static final String[] TASKS = { "mul", "echo", "whoami", "boom", "slow" };

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	private final RabbitMq rabbit;

	final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);

	RabbitPeers(RabbitMq rabbit) {
		this.rabbit = rabbit;
	}

	String task(String name) {
		return name + this.suffix;
	}

	ConnectionFactory factory() {
		ConnectionFactory factory = new ConnectionFactory();
		try {
			factory.setUri(this.rabbit.uri());
		}
		catch (URISyntaxException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		factory.setNetworkRecoveryInterval(200);
		factory.setConnectionTimeout(30_000);
		return factory;
	}

	/** A plain client connection, for what a test publishes or inspects itself. */
	Channel channel() throws Exception {
		Connection connection = factory().newConnection("patio-test");
		this.resources.push(() -> connection.close(5000));
		return connection.createChannel();
	}

	PatioExecutor executor(RabbitTestTasks tasks, int workers) {
		Registry registry = new Registry();
		if (tasks == null) {
			return new NullPatioExecutor(registry);
		}
		for (String task : TASKS) {
			registry.register(task(task), tasks, task);
		}
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, workers, 16_384);
		this.resources.push(() -> executor.shutdown(Duration.ofSeconds(1)));
		return executor;
	}

	RabbitBroker broker(RabbitTestTasks tasks, RabbitBrokerOptions options) {
		RabbitBroker broker = new RabbitBroker(executor(tasks, 4), factory(), null, options);
		this.resources.push(broker);
		broker.start();
		return broker;
	}

	RabbitBroker worker(RabbitTestTasks tasks) {
		return broker(tasks, RabbitBrokerOptions.DEFAULTS);
	}

	RabbitBroker caller() {
		return broker(null, RabbitBrokerOptions.DEFAULTS);
	}

	@Override
	public void close() throws Exception {
		while (!this.resources.isEmpty()) {
			try {
				this.resources.pop().close();
			}
			catch (Exception ex) {
				// best effort: the node is torn down at the end of the run
			}
		}
	}

}
