package io.patio.broker.rabbitmq;

import java.io.IOException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Return;
import io.patio.ConnectionLostException;
import io.patio.NoPeerException;
import io.patio.PatioException;
import io.patio.RejectedCallException;
import io.patio.RemoteTaskException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;
import io.patio.call.CallRequest;
import io.patio.call.CallTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calling side: publishes calls to the task queues with patio-rabbitmq's properties
 * and matches the replies on its reply queue by correlation id. Every call ends: with its
 * reply, with {@link NoPeerException} when RabbitMQ returns it (no queue) or dead-letters
 * it back (no worker took it before it expired), with {@link TaskTimeoutException} at the
 * caller's own deadline, or with {@link ConnectionLostException} when the connection
 * goes.
 */
final class RabbitCaller {

	/** The header that carries a Java caller's budget, in milliseconds. */
	static final String TIMEOUT_HEADER = "x-patio-timeout";

	private static final Logger logger = LoggerFactory.getLogger(RabbitCaller.class);

	private final Channel channel;

	private final String replyQueue;

	private final RabbitCodec codec;

	private final int maxInFlight;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LongAdder sent = new LongAdder();

	private final LongAdder lateReplies = new LongAdder();

	private final LongAdder returned = new LongAdder();

	private final LongAdder expired = new LongAdder();

	private final Object publishLock = new Object();

	RabbitCaller(Channel channel, RabbitTopology topology, RabbitCodec codec, int maxInFlight) throws IOException {
		this.channel = channel;
		this.codec = codec;
		this.maxInFlight = maxInFlight;
		this.replyQueue = RabbitTopology.newReplyQueueName();
		topology.declareReplyQueue(channel, this.replyQueue);
		channel.addReturnListener(this::returned);
		channel.basicConsume(this.replyQueue, true, "", false, true, null, new DefaultConsumer(channel) {
			@Override
			public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
				reply(properties, body);
			}
		});
	}

	String getReplyQueue() {
		return this.replyQueue;
	}

	/** Publishes a call; the future completes as described above, never by a throw. */
	CompletableFuture<Object> call(CallRequest request) {
		String task = request.task();
		if (!RabbitTopology.fits(task)) {
			return CompletableFuture.failedFuture(new UnknownTaskException(task, "No task can be named '"
					+ task.substring(0, 60) + "...' on RabbitMQ: names are limited to 255 bytes in UTF-8"));
		}
		if (this.inFlight.incrementAndGet() > this.maxInFlight) {
			this.inFlight.decrementAndGet();
			return CompletableFuture.failedFuture(new RejectedCallException(task,
					"Already " + this.maxInFlight
							+ " calls in flight on this RabbitMQ broker (patio.broker.rabbitmq.max-in-flight); call '"
							+ task + "' was not sent"));
		}
		CompletableFuture<Object> future = new CompletableFuture<>();
		String correlationId = UUID.randomUUID().toString();
		byte[] body;
		try {
			body = this.codec.encodeArguments(request.args(), request.kwargs());
		}
		catch (RuntimeException ex) {
			this.inFlight.decrementAndGet();
			return CompletableFuture.failedFuture(ex);
		}
		Map<String, Object> headers = new LinkedHashMap<>(request.headers());
		headers.put("From", this.replyQueue);
		AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
			.contentType(this.codec.getContentType())
			.deliveryMode(1)
			.priority(5)
			.correlationId(correlationId)
			.replyTo(this.replyQueue)
			.messageId(UUID.randomUUID().toString().replace("-", ""))
			.timestamp(new Date())
			.type("call");
		CallTimer.Timeout timer = null;
		if (request.hasDeadline()) {
			long nanos = request.remainingNanos();
			if (nanos <= 0) {
				this.inFlight.decrementAndGet();
				return CompletableFuture.failedFuture(new TaskTimeoutException(task,
						"The call to task '" + task + "' ran out of time before it was sent"));
			}
			long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
			headers.put(TIMEOUT_HEADER, millis);
			properties.expiration(Long.toString(millis));
			timer = CallTimer.schedule(
					() -> fail(correlationId,
							(t) -> new TaskTimeoutException(t,
									"No reply to the call to task '" + t + "' within " + millis
											+ " ms (the caller's own deadline; the call may still run on a worker)")),
					nanos + expiryGrace(nanos));
		}
		properties.headers(headers);
		this.pending.put(correlationId, new Pending(task, future, timer));
		try {
			synchronized (this.publishLock) {
				this.channel.basicPublish("", task, true, properties.build(), body);
			}
			this.sent.increment();
		}
		catch (IOException | RuntimeException ex) {
			fail(correlationId, (t) -> new ConnectionLostException(t,
					"Could not publish the call to task '" + t + "' to RabbitMQ: " + ex.getMessage(), ex));
		}
		return future;
	}

	/**
	 * How long past its budget a caller waits for a call that expired in its queue to
	 * come back from {@code rpc.dlx}, so that such a call fails saying no worker took it:
	 * half the budget, from 100 ms to 1 s.
	 */
	static long expiryGrace(long budgetNanos) {
		return Math.max(TimeUnit.MILLISECONDS.toNanos(100), Math.min(budgetNanos / 2, TimeUnit.SECONDS.toNanos(1)));
	}

	private void returned(Return message) {
		String correlationId = message.getProperties().getCorrelationId();
		if (correlationId != null && this.pending.containsKey(correlationId)) {
			this.returned.increment();
			fail(correlationId,
					(task) -> new NoPeerException(task,
							"No queue for task '" + task + "' on RabbitMQ (returned: " + message.getReplyCode() + " "
									+ message.getReplyText()
									+ "): no worker serving it has started since the queues were last declared"));
		}
	}

	private void reply(AMQP.BasicProperties properties, byte[] body) {
		String correlationId = properties.getCorrelationId();
		Pending call = (correlationId != null) ? this.pending.remove(correlationId) : null;
		if (call == null) {
			this.lateReplies.increment();
			logger.debug("Dropped a reply with unknown correlation id {}", correlationId);
			return;
		}
		done(call);
		String type = properties.getType();
		if ("call".equals(type)) {
			this.expired.increment();
			call.future.completeExceptionally(new NoPeerException(call.task,
					"No worker took the call to task '" + call.task + "' in time: RabbitMQ dead-lettered it ("
							+ deathReason(properties) + ") before any worker received it"));
			return;
		}
		RabbitCodec replyCodec = RabbitCodec.forContentType(properties.getContentType());
		if (replyCodec == null) {
			call.future.completeExceptionally(new RemoteTaskException(call.task, "unreadable-reply",
					"The reply's content type '" + properties.getContentType() + "' cannot be read here"));
			return;
		}
		if ("result".equals(type)) {
			try {
				call.future.complete(replyCodec.decodeResult(body));
			}
			catch (RuntimeException ex) {
				call.future.completeExceptionally(new RemoteTaskException(call.task, "unreadable-reply",
						"The result of task '" + call.task + "' does not decode: " + ex.getMessage()));
			}
		}
		else if ("error".equals(type)) {
			call.future.completeExceptionally(replyCodec.decodeError(call.task, body));
		}
		else {
			call.future.completeExceptionally(new RemoteTaskException(call.task, "unknown-reply",
					"A reply of unknown type '" + type + "' to the call to task '" + call.task + "'"));
		}
	}

	private static String deathReason(AMQP.BasicProperties properties) {
		Object reason = (properties.getHeaders() != null) ? properties.getHeaders().get("x-first-death-reason") : null;
		return (reason != null) ? reason.toString() : "no reason given";
	}

	private void fail(String correlationId, Function<String, PatioException> error) {
		Pending call = this.pending.remove(correlationId);
		if (call != null) {
			done(call);
			call.future.completeExceptionally(error.apply(call.task));
		}
	}

	private void done(Pending call) {
		this.inFlight.decrementAndGet();
		if (call.timer != null) {
			call.timer.cancel();
		}
	}

	/** Fails every call in flight, e.g. when the connection goes. */
	void failAll(Function<String, PatioException> error) {
		for (String correlationId : this.pending.keySet()) {
			fail(correlationId, error);
		}
	}

	int getInFlight() {
		return this.inFlight.get();
	}

	Map<String, Object> counters() {
		Map<String, Object> counters = new LinkedHashMap<>();
		counters.put("sent", this.sent.sum());
		counters.put("inFlight", getInFlight());
		counters.put("maxInFlight", this.maxInFlight);
		counters.put("returned", this.returned.sum());
		counters.put("expired", this.expired.sum());
		counters.put("lateReplies", this.lateReplies.sum());
		return counters;
	}

	long getLateReplies() {
		return this.lateReplies.sum();
	}

	private record Pending(String task, CompletableFuture<Object> future, CallTimer.Timeout timer) {
	}

}
