package io.patio.broker.rabbitmq;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.patio.BadRequestException;
import io.patio.ConnectionLostException;
import io.patio.broker.CallResponder;
import io.patio.executor.PatioExecutor;
import io.patio.serializer.CallPayload;
import io.patio.serializer.ErrorPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executing side: consumes the task queues with manual acknowledgement, runs each
 * call on the executor and answers in the format of the call's {@code content_type}. A
 * call is acknowledged once RabbitMQ has confirmed its reply, as patio-rabbitmq does, so
 * a call whose worker died mid-run is delivered again, to another worker; what that
 * worker does with it is {@link RedeliveredCalls}'s choice.
 * <p>
 * A poison message (a body that does not decode, a content type that cannot be read, no
 * {@code reply_to}) gets an error reply where it has a {@code reply_to}, and is
 * acknowledged either way: it is never requeued.
 */
final class RabbitWorker {

	private static final Logger logger = LoggerFactory.getLogger(RabbitWorker.class);

	private final Channel channel;

	private final CallResponder responder;

	private final RabbitBrokerOptions options;

	private final RabbitCodec defaultCodec;

	private final int prefetch;

	private final List<String> consumerTags = new ArrayList<>();

	/**
	 * Delivery tags of calls whose replies await RabbitMQ's confirm, by publish number.
	 */
	private final ConcurrentNavigableMap<Long, Long> awaitingConfirm = new ConcurrentSkipListMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LongAdder answered = new LongAdder();

	private final LongAdder poison = new LongAdder();

	private final LongAdder refusedRedelivered = new LongAdder();

	private final Object publishLock = new Object();

	RabbitWorker(Channel channel, PatioExecutor executor, RabbitBrokerOptions options, RabbitCodec defaultCodec,
			java.util.function.BooleanSupplier closing) {
		this.channel = channel;
		this.responder = new CallResponder(executor, closing);
		this.options = options;
		this.defaultCodec = defaultCodec;
		this.prefetch = (options.prefetch() > 0) ? options.prefetch() : (int) Math.min(65_535,
				Math.max(1L, (long) executor.getMaxWorkers() * RabbitBrokerOptions.PREFETCH_PER_WORKER));
	}

	/**
	 * Declares the task queues and consumes them.
	 * @throws IllegalStateException when a queue exists with other properties
	 */
	void start(RabbitTopology topology, Set<String> tasks) throws IOException {
		this.channel.confirmSelect();
		// global: one bound over all the task queues of this worker, the executor's
		this.channel.basicQos(this.prefetch, true);
		this.channel.addConfirmListener(new ConfirmListener() {
			@Override
			public void handleAck(long sequence, boolean multiple) {
				confirmed(sequence, multiple);
			}

			@Override
			public void handleNack(long sequence, boolean multiple) {
				logger.warn("RabbitMQ refused a reply (nack {}); its call is acknowledged all the same", sequence);
				confirmed(sequence, multiple);
			}
		});
		if (this.channel instanceof Recoverable recoverable) {
			recoverable.addRecoveryListener(new RecoveryListener() {
				@Override
				public void handleRecovery(Recoverable recovered) {
				}

				@Override
				public void handleRecoveryStarted(Recoverable recovering) {
					// the old channel's deliveries are redelivered; their tags are void
					int lost = RabbitWorker.this.awaitingConfirm.size();
					RabbitWorker.this.awaitingConfirm.clear();
					RabbitWorker.this.inFlight.addAndGet(-lost);
				}
			});
		}
		topology.declareExchange(this.channel);
		for (String task : tasks) {
			topology.declareTaskQueue(this.channel, task);
		}
		for (String task : tasks) {
			this.consumerTags.add(this.channel.basicConsume(task, false, new DefaultConsumer(this.channel) {
				@Override
				public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
						byte[] body) {
					deliver(task, envelope, properties, body);
				}
			}));
		}
	}

	/** Stops taking calls; those under way still answer. */
	void stopConsuming() {
		for (String tag : this.consumerTags) {
			try {
				this.channel.basicCancel(tag);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not cancel consumer {}: {}", tag, ex.getMessage());
			}
		}
	}

	/** Waits for the calls under way to answer, for at most {@code grace}. */
	boolean awaitIdle(Duration grace) {
		long deadline = System.nanoTime() + grace.toNanos();
		while (this.inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
			try {
				TimeUnit.MILLISECONDS.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return this.inFlight.get() == 0;
	}

	private void deliver(String task, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
		this.inFlight.incrementAndGet();
		long deliveryTag = envelope.getDeliveryTag();
		String replyTo = properties.getReplyTo();
		if (replyTo == null || replyTo.isEmpty()) {
			this.poison.increment();
			logger.warn("Dropped a call to task '{}' without reply_to (correlation id {}): nobody would get its answer",
					task, properties.getCorrelationId());
			ack(deliveryTag);
			return;
		}
		RabbitCodec codec = (properties.getContentType() != null)
				? RabbitCodec.forContentType(properties.getContentType()) : this.defaultCodec;
		if (codec == null) {
			this.poison.increment();
			answerError(this.defaultCodec, deliveryTag, replyTo, properties,
					new BadRequestException(task, "The call to task '" + task + "' has content type '"
							+ properties.getContentType() + "', which this worker cannot read"));
			return;
		}
		if (envelope.isRedeliver() && this.options.redelivered() == RedeliveredCalls.REFUSE) {
			this.refusedRedelivered.increment();
			answerError(codec, deliveryTag, replyTo, properties,
					new ConnectionLostException(task,
							"The call to task '" + task
									+ "' was delivered again after the worker that took it first went"
									+ " away; it may have run there, so it is not run again (at most once)"));
			return;
		}
		CallPayload call;
		try {
			call = codec.decodeArguments(task, body);
		}
		catch (RuntimeException ex) {
			this.poison.increment();
			answerError(codec, deliveryTag, replyTo, properties, ex);
			return;
		}
		this.responder.respond(task, call.args(), call.kwargs(), budget(properties), headersOf(properties))
			.thenAccept((answer) -> {
				if (answer.isError()) {
					answerError(codec, deliveryTag, replyTo, properties, answer.error());
					return;
				}
				byte[] reply;
				try {
					reply = codec.encodeResult(answer.result());
				}
				catch (RuntimeException ex) {
					answerError(codec, deliveryTag, replyTo, properties, ex);
					return;
				}
				answer(codec, deliveryTag, replyTo, properties, "result", reply);
			});
	}

	/**
	 * The budget: a Java caller's {@code x-patio-timeout}, else the expiration a Python
	 * caller set, else the default timeout.
	 */
	private Duration budget(AMQP.BasicProperties properties) {
		Object header = (properties.getHeaders() != null) ? properties.getHeaders().get(RabbitCaller.TIMEOUT_HEADER)
				: null;
		if (header instanceof Number millis && millis.longValue() > 0) {
			return Duration.ofMillis(millis.longValue());
		}
		if (properties.getExpiration() != null) {
			try {
				long millis = Long.parseLong(properties.getExpiration().trim());
				if (millis > 0) {
					return Duration.ofMillis(millis);
				}
			}
			catch (NumberFormatException ex) {
				// the default below
			}
		}
		return this.options.defaultTimeout();
	}

	/**
	 * The call's context headers (trace headers): the string-valued ones not RabbitMQ's
	 * or ours.
	 */
	private static Map<String, String> headersOf(AMQP.BasicProperties properties) {
		if (properties.getHeaders() == null || properties.getHeaders().isEmpty()) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		properties.getHeaders().forEach((name, value) -> {
			if (name.equals("From") || name.startsWith("x-")) {
				return;
			}
			if (value instanceof LongString || value instanceof String) {
				headers.put(name, value.toString());
			}
		});
		return headers;
	}

	private void answerError(RabbitCodec codec, long deliveryTag, String replyTo, AMQP.BasicProperties call,
			Throwable error) {
		answerError(codec, deliveryTag, replyTo, call, RabbitCodec.errorOf(error));
	}

	private void answerError(RabbitCodec codec, long deliveryTag, String replyTo, AMQP.BasicProperties call,
			ErrorPayload error) {
		byte[] body;
		try {
			body = codec.encodeError(error);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not encode the error of a call ({}); it is acknowledged without a reply", ex.toString());
			ack(deliveryTag);
			return;
		}
		answer(codec, deliveryTag, replyTo, call, "error", body);
	}

	private void answer(RabbitCodec codec, long deliveryTag, String replyTo, AMQP.BasicProperties call, String type,
			byte[] body) {
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(codec.getContentType())
			.headers(Map.of())
			.deliveryMode((call.getDeliveryMode() != null) ? call.getDeliveryMode() : 1)
			.priority(0)
			.correlationId(call.getCorrelationId())
			.messageId(UUID.randomUUID().toString().replace("-", ""))
			.timestamp(new Date())
			.type(type)
			.build();
		try {
			synchronized (this.publishLock) {
				this.awaitingConfirm.put(this.channel.getNextPublishSeqNo(), deliveryTag);
				this.channel.basicPublish("", replyTo, false, properties, body);
			}
			this.answered.increment();
		}
		catch (IOException | RuntimeException ex) {
			// the channel is gone: RabbitMQ delivers the call again
			this.inFlight.decrementAndGet();
			logger.debug("Could not publish a reply to {}: {}", replyTo, ex.getMessage());
		}
	}

	private void confirmed(long sequence, boolean multiple) {
		if (multiple) {
			ConcurrentNavigableMap<Long, Long> done = this.awaitingConfirm.headMap(sequence, true);
			for (Long tag : done.values()) {
				ack(tag);
			}
			done.clear();
		}
		else {
			Long tag = this.awaitingConfirm.remove(sequence);
			if (tag != null) {
				ack(tag);
			}
		}
	}

	private void ack(long deliveryTag) {
		this.inFlight.decrementAndGet();
		try {
			synchronized (this.publishLock) {
				this.channel.basicAck(deliveryTag, false);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not acknowledge delivery {}: {}", deliveryTag, ex.getMessage());
		}
	}

	int getPrefetch() {
		return this.prefetch;
	}

	int getInFlight() {
		return this.inFlight.get();
	}

	Map<String, Object> counters() {
		Map<String, Object> counters = new LinkedHashMap<>();
		counters.put("inFlight", getInFlight());
		counters.put("answered", this.answered.sum());
		counters.put("poison", this.poison.sum());
		counters.put("refusedRedelivered", this.refusedRedelivered.sum());
		return counters;
	}

}
