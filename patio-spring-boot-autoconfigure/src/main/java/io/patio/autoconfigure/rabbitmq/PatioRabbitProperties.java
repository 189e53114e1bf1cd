package io.patio.autoconfigure.rabbitmq;

import java.util.LinkedHashMap;
import java.util.Map;

import io.patio.broker.rabbitmq.RabbitBrokerOptions;
import io.patio.broker.rabbitmq.RedeliveredCalls;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patio.broker.rabbitmq.*}: the RabbitMQ broker's own settings. The connection
 * (host, port, addresses, virtual host, credentials, SSL) is Boot's
 * {@code spring.rabbitmq.*}.
 */
@ConfigurationProperties("patio.broker.rabbitmq")
public class PatioRabbitProperties {

	/**
	 * The format a caller sends calls in: 'json' (Java workers only) or 'pickle', which
	 * patio-rabbitmq's Python workers need. A worker always answers in the format of the
	 * call it got.
	 */
	private String serializer = "json";

	/**
	 * What a worker does with a call RabbitMQ delivers again after the worker that took
	 * it went away: 'refuse' answers an error saying it may have run (at most once),
	 * 'run' runs it again (at least once, as Python workers do).
	 */
	private RedeliveredCalls redelivered = RedeliveredCalls.REFUSE;

	/**
	 * The most calls a worker holds unacknowledged over all its task queues; 0 for 32
	 * times patio.executor.max-workers.
	 */
	private int prefetch;

	/** The most calls a caller has in flight; over it, a call is rejected at once. */
	private int maxInFlight = RabbitBrokerOptions.DEFAULT_MAX_IN_FLIGHT;

	private final Queue queue = new Queue();

	public String getSerializer() {
		return this.serializer;
	}

	public void setSerializer(String serializer) {
		this.serializer = serializer;
	}

	public RedeliveredCalls getRedelivered() {
		return this.redelivered;
	}

	public void setRedelivered(RedeliveredCalls redelivered) {
		this.redelivered = redelivered;
	}

	public int getPrefetch() {
		return this.prefetch;
	}

	public void setPrefetch(int prefetch) {
		this.prefetch = prefetch;
	}

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

	public Queue getQueue() {
		return this.queue;
	}

	/**
	 * How workers declare the task queues. Every worker of a queue, Java or Python, must
	 * declare it alike, or RabbitMQ refuses the later one (PRECONDITION_FAILED).
	 */
	public static class Queue {

		/** Whether task queues are durable (patio-rabbitmq: false). */
		private boolean durable;

		/**
		 * Whether task queues are deleted with their last consumer (patio-rabbitmq:
		 * false).
		 */
		private boolean autoDelete;

		/**
		 * Extra queue arguments, such as x-max-length; values that are whole numbers are
		 * sent as numbers. x-dead-letter-exchange is always rpc.dlx.
		 */
		private Map<String, String> arguments = new LinkedHashMap<>();

		public boolean isDurable() {
			return this.durable;
		}

		public void setDurable(boolean durable) {
			this.durable = durable;
		}

		public boolean isAutoDelete() {
			return this.autoDelete;
		}

		public void setAutoDelete(boolean autoDelete) {
			this.autoDelete = autoDelete;
		}

		public Map<String, String> getArguments() {
			return this.arguments;
		}

		public void setArguments(Map<String, String> arguments) {
			this.arguments = arguments;
		}

	}

}
