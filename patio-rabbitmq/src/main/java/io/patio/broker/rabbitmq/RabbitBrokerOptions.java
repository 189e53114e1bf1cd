package io.patio.broker.rabbitmq;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The RabbitMQ broker's own settings; the connection itself (host, credentials, TLS) is a
 * {@link com.rabbitmq.client.ConnectionFactory}'s.
 *
 * @param serializer the serializer a caller sends calls in, by name: {@code json} (the
 * default) or {@code pickle}, which Python workers need; a worker always answers in the
 * format of the call it got
 * @param durableQueues whether task queues are declared durable; patio-rabbitmq declares
 * them not durable, and every peer on a queue must declare it alike
 * @param autoDeleteQueues whether task queues are declared auto-delete (patio-rabbitmq:
 * not)
 * @param queueArguments extra arguments of the task queues (such as
 * {@code x-max-length}); {@code x-dead-letter-exchange} is always {@code rpc.dlx}
 * @param redelivered what a worker does with a redelivered call
 * @param prefetch the most calls a worker holds unacknowledged, over all its task queues;
 * 0 for the default, {@link #PREFETCH_PER_WORKER} times the executor's workers
 * @param maxInFlight the most calls a caller has in flight; over it, a call is rejected
 * at once
 * @param defaultTimeout the budget of calls that set none, and of a Python call that
 * carries no expiration
 */
public record RabbitBrokerOptions(String serializer, boolean durableQueues, boolean autoDeleteQueues,
		Map<String, Object> queueArguments, RedeliveredCalls redelivered, int prefetch, int maxInFlight,
		Duration defaultTimeout) {

	/**
	 * The default prefetch per worker thread of the executor: a worker with 4 threads
	 * holds 128 calls. Chosen by benchmark (docs/benchmarks.md): at 128 calls in flight,
	 * 2 per thread gave under half the throughput of 32 per thread, and 1 per thread less
	 * still; each unacknowledged slot costs a round trip to RabbitMQ to refill.
	 */
	public static final int PREFETCH_PER_WORKER = 32;

	/** The default bound of calls in flight of a caller. */
	public static final int DEFAULT_MAX_IN_FLIGHT = 16_384;

	/** The options patio-rabbitmq uses, with JSON bodies. */
	public static final RabbitBrokerOptions DEFAULTS = new RabbitBrokerOptions("json", false, false, Map.of(),
			RedeliveredCalls.REFUSE, 0, DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(30));

	public RabbitBrokerOptions {
		serializer = (serializer != null && !serializer.isBlank()) ? serializer.trim() : "json";
		queueArguments = (queueArguments != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(queueArguments))
				: Map.of();
		redelivered = Objects.requireNonNullElse(redelivered, RedeliveredCalls.REFUSE);
		if (prefetch < 0 || prefetch > 65_535) {
			throw new IllegalArgumentException("prefetch must be 0 (the default) to 65535, not " + prefetch);
		}
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("max-in-flight must be positive, not " + maxInFlight);
		}
		defaultTimeout = (defaultTimeout != null && !defaultTimeout.isNegative() && !defaultTimeout.isZero())
				? defaultTimeout : Duration.ofSeconds(30);
	}

	/** These options with another serializer. */
	public RabbitBrokerOptions withSerializer(String name) {
		return new RabbitBrokerOptions(name, this.durableQueues, this.autoDeleteQueues, this.queueArguments,
				this.redelivered, this.prefetch, this.maxInFlight, this.defaultTimeout);
	}

	/** These options with another policy for redelivered calls. */
	public RabbitBrokerOptions withRedelivered(RedeliveredCalls policy) {
		return new RabbitBrokerOptions(this.serializer, this.durableQueues, this.autoDeleteQueues, this.queueArguments,
				policy, this.prefetch, this.maxInFlight, this.defaultTimeout);
	}

	/** These options with another prefetch (0: the default). */
	public RabbitBrokerOptions withPrefetch(int prefetch) {
		return new RabbitBrokerOptions(this.serializer, this.durableQueues, this.autoDeleteQueues, this.queueArguments,
				this.redelivered, prefetch, this.maxInFlight, this.defaultTimeout);
	}

	/** These options with another bound of calls in flight. */
	public RabbitBrokerOptions withMaxInFlight(int maxInFlight) {
		return new RabbitBrokerOptions(this.serializer, this.durableQueues, this.autoDeleteQueues, this.queueArguments,
				this.redelivered, this.prefetch, maxInFlight, this.defaultTimeout);
	}

	/** These options with other task-queue declarations. */
	public RabbitBrokerOptions withQueues(boolean durable, boolean autoDelete, Map<String, Object> arguments) {
		return new RabbitBrokerOptions(this.serializer, durable, autoDelete, arguments, this.redelivered, this.prefetch,
				this.maxInFlight, this.defaultTimeout);
	}

	/** These options with another default timeout. */
	public RabbitBrokerOptions withDefaultTimeout(Duration timeout) {
		return new RabbitBrokerOptions(this.serializer, this.durableQueues, this.autoDeleteQueues, this.queueArguments,
				this.redelivered, this.prefetch, this.maxInFlight, timeout);
	}

}
