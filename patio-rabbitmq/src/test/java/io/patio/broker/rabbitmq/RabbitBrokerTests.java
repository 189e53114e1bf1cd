package io.patio.broker.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.patio.BadArgumentsException;
import io.patio.NoPeerException;
import io.patio.RejectedCallException;
import io.patio.RemoteTaskException;
import io.patio.TaskTimeoutException;
import io.patio.call.Call;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(120)
class RabbitBrokerTests extends RabbitTestBase {

	@Test
	void aJavaCallerGetsResultsAndErrorsFromAJavaWorker() {
		this.peers.worker(new RabbitTestTasks("worker"));
		RabbitBroker caller = this.peers.caller();
		assertThat(caller.call(this.peers.task("mul"), Integer.class, 6, 7).join()).isEqualTo(42);
		assertThat(caller.call(Call.of(this.peers.task("echo"), new TypeReference<Map<String, Object>>() {
		}).args("hi").kwarg("numbers", List.of(1, 2, 3))).join())
			.isEqualTo(Map.of("text", "hi", "numbers", List.of(1, 2, 3)));
		assertThatThrownBy(() -> caller.call(this.peers.task("boom"), Integer.class, "bad input").join())
			.hasCauseInstanceOf(RemoteTaskException.class)
			.hasMessageContaining("bad input")
			.cause()
			.satisfies((error) -> assertThat(((RemoteTaskException) error).getRemoteType())
				.isEqualTo(IllegalArgumentException.class.getName()));
		assertThatThrownBy(() -> caller.call(this.peers.task("mul"), Integer.class, "six").join())
			.hasCauseInstanceOf(BadArgumentsException.class);
	}

	@Test
	void theLayoutIsPatioRabbitmqs() {
		Assumptions.assumeTrue(this.rabbit.isPrivate(), "inspects the node with rabbitmqctl");
		RabbitBroker worker = this.peers.worker(new RabbitTestTasks("worker"));
		String queues = this.rabbit.ctl("list_queues", "name", "durable", "auto_delete", "exclusive", "arguments",
				"consumers");
		assertThat(queues).containsPattern("mul" + this.peers.suffix
				+ "\\s+false\\s+false\\s+false\\s+\\[\\{\"x-dead-letter-exchange\",\"rpc.dlx\"\\}\\]\\s+1");
		assertThat(queues).containsPattern(worker.getReplyQueue() + "\\s+false\\s+true\\s+false\\s+\\[\\]\\s+1");
		assertThat(this.rabbit.ctl("list_exchanges", "name", "type", "durable", "auto_delete", "internal"))
			.containsPattern("rpc.dlx\\s+headers\\s+false\\s+true\\s+false");
		assertThat(this.rabbit.ctl("list_bindings", "source_name", "destination_name", "arguments"))
			.contains("rpc.dlx\t" + worker.getReplyQueue() + "\t[{\"From\",\"" + worker.getReplyQueue()
					+ "\"},{\"x-match\",\"any\"}]");
		assertThat(this.rabbit.ctl("list_consumers", "queue_name", "ack_required"))
			.containsPattern("mul" + this.peers.suffix + "\\s+true");
	}

	@Test
	void callsAndRepliesCarryPatioRabbitmqsProperties() throws Exception {
		Channel channel = this.peers.channel();
		String task = this.peers.task("mul");
		channel.queueDeclare(task, false, false, false, Map.of("x-dead-letter-exchange", "rpc.dlx"));
		BlockingQueue<Delivery> calls = new ArrayBlockingQueue<>(1);
		channel.basicConsume(task, true, (tag, delivery) -> calls.add(delivery), (tag) -> {
		});
		RabbitBroker caller = this.peers.caller();
		CompletableFuture<Integer> result = caller.call(Call.of(task, Integer.class)
			.args(6, 7)
			.timeout(Duration.ofSeconds(20))
			.header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		Delivery call = calls.poll(30, TimeUnit.SECONDS);
		AMQP.BasicProperties properties = call.getProperties();
		assertThat(call.getEnvelope().getExchange()).isEmpty();
		assertThat(properties.getType()).isEqualTo("call");
		assertThat(properties.getContentType()).isEqualTo("application/json");
		assertThat(properties.getDeliveryMode()).isEqualTo(1);
		assertThat(properties.getPriority()).isEqualTo(5);
		assertThat(properties.getReplyTo()).isEqualTo(caller.getReplyQueue());
		assertThat(properties.getHeaders().get("From")).hasToString(caller.getReplyQueue());
		assertThat(properties.getHeaders().get("traceparent"))
			.hasToString("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		assertThat(((Number) properties.getHeaders().get("x-patio-timeout")).longValue()).isBetween(1L, 20_000L);
		assertThat(Long.parseLong(properties.getExpiration())).isBetween(1L, 20_000L);
		assertThat(properties.getMessageId()).hasSize(32);
		assertThat(properties.getTimestamp()).isNotNull();
		assertThat(new String(call.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"args\":[6,7],\"kwargs\":{}}");
		// answer as a Python worker would, in the call's format
		channel.basicPublish("", properties.getReplyTo(), false,
				new AMQP.BasicProperties.Builder().contentType("application/json")
					.correlationId(properties.getCorrelationId())
					.type("result")
					.headers(Map.of())
					.build(),
				"42".getBytes(StandardCharsets.UTF_8));
		assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(42);
	}

	@Test
	void aCallToATaskWithoutAQueueFailsAtOnceWithNoPeer() {
		RabbitBroker caller = this.peers.caller();
		assertThatThrownBy(
				() -> caller.call(Call.of(this.peers.task("nobody"), Integer.class).timeout(Duration.ofSeconds(60)))
					.get(30, TimeUnit.SECONDS))
			.hasCauseInstanceOf(NoPeerException.class)
			.hasMessageContaining("No queue for task");
	}

	@Test
	void aCallThatExpiresInTheQueueComesBackAsNoPeer() {
		RabbitBroker worker = this.peers.worker(new RabbitTestTasks("gone"));
		worker.close(); // the queue stays, with no consumer
		RabbitBroker caller = this.peers.caller();
		assertThatThrownBy(
				() -> caller.call(Call.of(this.peers.task("mul"), Integer.class).args(1).timeout(Duration.ofSeconds(2)))
					.get(30, TimeUnit.SECONDS))
			.hasCauseInstanceOf(NoPeerException.class)
			.hasMessageContaining("No worker took the call")
			.hasMessageContaining("expired");
		assertThat(caller.details()).extractingByKey("calls")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("expired", 1L);
	}

	@Test
	void aCallThatRunsOutOfTimeOnTheWorkerEndsWithATimeout() throws Exception {
		RabbitTestTasks tasks = new RabbitTestTasks("slow");
		this.peers.worker(tasks);
		RabbitBroker caller = this.peers.caller();
		CompletableFuture<String> call = caller
			.call(Call.of(this.peers.task("slow"), String.class).timeout(Duration.ofMillis(500)));
		assertThat(tasks.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
		assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TaskTimeoutException.class);
		tasks.release.countDown();
	}

	@Test
	void aReplyNobodyWaitsForIsDroppedAndCounted() throws Exception {
		RabbitBroker caller = this.peers.caller();
		this.peers.channel()
			.basicPublish("", caller.getReplyQueue(), false,
					new AMQP.BasicProperties.Builder().contentType("application/json")
						.correlationId("no-such-call")
						.type("result")
						.build(),
					"1".getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(30)).until(() -> caller.getLateAnswers() == 1);
	}

	@Test
	void theCallerBoundsItsCallsInFlight() {
		RabbitBroker worker = this.peers.worker(new RabbitTestTasks("gone"));
		worker.close();
		RabbitBroker caller = this.peers.broker(null, RabbitBrokerOptions.DEFAULTS.withMaxInFlight(2));
		CompletableFuture<Integer> first = caller.call(this.peers.task("mul"), Integer.class, 1);
		CompletableFuture<Integer> second = caller.call(this.peers.task("mul"), Integer.class, 2);
		assertThatThrownBy(() -> caller.call(this.peers.task("mul"), Integer.class, 3).join())
			.hasCauseInstanceOf(RejectedCallException.class)
			.hasMessageContaining("max-in-flight");
		assertThat(first).isNotDone();
		assertThat(second).isNotDone();
	}

	@Test
	void tenThousandCallsInFlightAllEnd() {
		this.peers.broker(new RabbitTestTasks("worker"), RabbitBrokerOptions.DEFAULTS);
		RabbitBroker caller = this.peers.caller();
		List<CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			calls.add(caller
				.call(Call.of(this.peers.task("mul"), Integer.class).args(i, 2).timeout(Duration.ofSeconds(90))));
		}
		CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).orTimeout(100, TimeUnit.SECONDS).join();
		for (int i = 0; i < 10_000; i++) {
			assertThat(calls.get(i).join()).isEqualTo(2 * i);
		}
		assertThat(((Map<?, ?>) caller.details().get("calls")).get("inFlight")).isEqualTo(0);
	}

	@Test
	void aTaskNameOverRabbitmqsLimitIsRefusedAtStartup() {
		io.patio.registry.Registry registry = new io.patio.registry.Registry();
		registry.register("t".repeat(256), new RabbitTestTasks("long"), "whoami");
		RabbitBroker broker = new RabbitBroker(new io.patio.executor.ThreadPoolPatioExecutor(registry, 1),
				this.peers.factory(), null, RabbitBrokerOptions.DEFAULTS);
		assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("256 bytes")
			.hasMessageContaining("255");
		broker.getExecutor().shutdown(Duration.ofSeconds(1));
	}

	@Test
	void aQueueDeclaredElsewhereWithOtherArgumentsStopsStartup() throws Exception {
		Channel channel = this.peers.channel();
		channel.queueDeclare(this.peers.task("mul"), true, false, false, Map.of());
		try {
			assertThatThrownBy(() -> this.peers.worker(new RabbitTestTasks("worker")))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("'" + this.peers.task("mul") + "'")
				.hasMessageContaining("inequivalent arg")
				.hasMessageContaining("durable");
		}
		finally {
			this.peers.channel().queueDelete(this.peers.task("mul"));
		}
	}

}
