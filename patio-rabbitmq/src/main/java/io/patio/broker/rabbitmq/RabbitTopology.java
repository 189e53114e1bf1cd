package io.patio.broker.rabbitmq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * patio-rabbitmq's layout on RabbitMQ: a task queue per task name on the default
 * exchange, dead-lettering to the headers exchange {@code rpc.dlx}, and a reply queue per
 * broker bound to {@code rpc.dlx} by its {@code From} header, so that an expired call
 * comes back to its caller.
 */
final class RabbitTopology {

	/** The dead-letter exchange every task queue names. */
	static final String DLX = "rpc.dlx";

	/** RabbitMQ's limit on queue names and routing keys, in UTF-8 bytes. */
	static final int MAX_NAME_BYTES = 255;

	private final RabbitBrokerOptions options;

	RabbitTopology(RabbitBrokerOptions options) {
		this.options = options;
	}

	/** A new reply queue name, as aio-pika 9.2+ names its own. */
	static String newReplyQueueName() {
		return "amq_" + UUID.randomUUID().toString().replace("-", "");
	}

	/** Whether a name fits RabbitMQ's limit. */
	static boolean fits(String name) {
		return name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
	}

	/**
	 * Checks the task names before anything is declared.
	 * @throws IllegalStateException naming the first task over RabbitMQ's limit
	 */
	static void checkNames(Collection<String> tasks) {
		for (String task : tasks) {
			int bytes = task.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_NAME_BYTES) {
				throw new IllegalStateException("Task '" + task.substring(0, Math.min(task.length(), 60))
						+ "...' has a name of " + bytes + " bytes in UTF-8; RabbitMQ limits queue names to "
						+ MAX_NAME_BYTES + " bytes, so the RabbitMQ broker cannot serve it: give it a shorter name");
			}
		}
	}

	/** The arguments of every task queue. */
	Map<String, Object> queueArguments() {
		Map<String, Object> arguments = new LinkedHashMap<>(this.options.queueArguments());
		arguments.put("x-dead-letter-exchange", DLX);
		return arguments;
	}

	/** Declares {@code rpc.dlx} exactly as patio-rabbitmq does. */
	void declareExchange(Channel channel) throws IOException {
		channel.exchangeDeclare(DLX, "headers", false, true, false, null);
	}

	/** Declares a reply queue and binds it to {@code rpc.dlx} by its name. */
	void declareReplyQueue(Channel channel, String queue) throws IOException {
		channel.queueDeclare(queue, false, false, true, null);
		declareExchange(channel);
		Map<String, Object> binding = new LinkedHashMap<>();
		binding.put("From", queue);
		binding.put("x-match", "any");
		channel.queueBind(queue, DLX, "", binding);
	}

	/**
	 * Declares a task queue on a channel of its own, since a refused declaration closes
	 * the channel.
	 * @throws IllegalStateException when the queue exists with other properties
	 * (RabbitMQ's PRECONDITION_FAILED), naming the queue and the difference
	 */
	void declareTaskQueue(Channel channel, String task) throws IOException {
		try {
			channel.queueDeclare(task, this.options.durableQueues(), false, this.options.autoDeleteQueues(),
					queueArguments());
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof ShutdownSignalException signal && signal.getReason() != null
					&& signal.getReason().toString().contains("PRECONDITION_FAILED")) {
				throw new IllegalStateException("Task queue '" + task
						+ "' exists on RabbitMQ with other properties than this broker declares (durable="
						+ this.options.durableQueues() + ", auto-delete=" + this.options.autoDeleteQueues()
						+ ", arguments=" + queueArguments() + "): " + replyText(signal)
						+ ". Every worker of a queue, Java or Python, must declare it alike; delete the queue or align"
						+ " the settings (patio.broker.rabbitmq.queue.*)", ex);
			}
			throw ex;
		}
	}

	private static String replyText(ShutdownSignalException signal) {
		if (signal.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close) {
			return close.getReplyText();
		}
		return signal.getMessage();
	}

}
