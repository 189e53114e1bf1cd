package io.patio.broker.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.patio.BadRequestException;
import io.patio.ConnectionLostException;
import io.patio.call.Call;
import io.patio.testsupport.RabbitMq;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the RabbitMQ broker does when things go wrong: bad messages, dead workers, lost
 * connections.
 */
@Timeout(180)
class RabbitFaultTests extends RabbitTestBase {

	/** A reply queue of the test's own, and what arrives on it. */
	private BlockingQueue<Delivery> replies(Channel channel) throws Exception {
		String queue = channel.queueDeclare().getQueue();
		BlockingQueue<Delivery> replies = new ArrayBlockingQueue<>(10);
		channel.basicConsume(queue, true, (tag, delivery) -> replies.add(delivery), (tag) -> {
		});
		this.replyQueue = queue;
		return replies;
	}

	private String replyQueue;

	private void publish(Channel channel, String task, AMQP.BasicProperties properties, String body) throws Exception {
		channel.basicPublish("", task, true, properties, body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aPoisonMessageGetsAnErrorReplyAndIsAcknowledged() throws Exception {
		RabbitTestTasks tasks = new RabbitTestTasks("worker");
		RabbitBroker worker = this.peers.worker(tasks);
		Channel channel = this.peers.channel();
		BlockingQueue<Delivery> replies = replies(channel);
		publish(channel, this.peers.task("mul"),
				new AMQP.BasicProperties.Builder().contentType("application/json")
					.correlationId("poison-1")
					.replyTo(this.replyQueue)
					.type("call")
					.build(),
				"not json at all");
		publish(channel, this.peers.task("mul"),
				new AMQP.BasicProperties.Builder().contentType("text/x-unknown")
					.correlationId("poison-2")
					.replyTo(this.replyQueue)
					.build(),
				"whatever");
		for (String id : new String[] { "poison-1", "poison-2" }) {
			Delivery reply = replies.poll(30, TimeUnit.SECONDS);
			assertThat(reply).isNotNull();
			assertThat(reply.getProperties().getCorrelationId()).isEqualTo(id);
			assertThat(reply.getProperties().getType()).isEqualTo("error");
			assertThat(reply.getProperties().getContentType()).isEqualTo("application/json");
			assertThat(new String(reply.getBody(), StandardCharsets.UTF_8)).contains("\"code\":\"bad-request\"")
				.contains(BadRequestException.class.getName());
		}
		assertThat(tasks.runs).hasValue(0);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(((Map<?, ?>) worker.details().get("worker")).get("inFlight")).isEqualTo(0));
		assertThat(((Map<?, ?>) worker.details().get("worker")).get("prefetch")).as("32 per executor thread")
			.isEqualTo(128);
		assertThat(((Map<?, ?>) worker.details().get("worker")).get("poison")).isEqualTo(2L);
		assertThat(channel.queueDeclarePassive(this.peers.task("mul")).getMessageCount()).isZero();
	}

	@Test
	void aCallWithoutReplyToIsAcknowledgedAndNotRun() throws Exception {
		RabbitTestTasks tasks = new RabbitTestTasks("worker");
		RabbitBroker worker = this.peers.worker(tasks);
		Channel channel = this.peers.channel();
		publish(channel, this.peers.task("mul"),
				new AMQP.BasicProperties.Builder().contentType("application/json").correlationId("x").build(),
				"{\"args\":[2,3],\"kwargs\":{}}");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(((Map<?, ?>) worker.details().get("worker")).get("poison")).isEqualTo(1L));
		assertThat(tasks.runs).hasValue(0);
		// the next call is served: the message did not stay unacknowledged
		assertThat(this.peers.caller().call(this.peers.task("mul"), Integer.class, 2, 3).get(30, TimeUnit.SECONDS))
			.isEqualTo(6);
	}

	/**
	 * A worker that took a call and died before acknowledging it: RabbitMQ delivers the
	 * call again, and the next worker refuses it (at most once) or runs it.
	 */
	private CompletableFuture<Integer> callTakenByAWorkerThatDies(RabbitBroker caller) throws Exception {
		Channel dying = this.peers.channel();
		dying.queueDeclare(this.peers.task("mul"), false, false, false, Map.of("x-dead-letter-exchange", "rpc.dlx"));
		BlockingQueue<Delivery> taken = new ArrayBlockingQueue<>(1);
		dying.basicConsume(this.peers.task("mul"), false, (tag, delivery) -> taken.add(delivery), (tag) -> {
		});
		CompletableFuture<Integer> call = caller
			.call(Call.of(this.peers.task("mul"), Integer.class).args(6, 7).timeout(Duration.ofSeconds(60)));
		assertThat(taken.poll(30, TimeUnit.SECONDS)).isNotNull();
		dying.getConnection().abort();
		return call;
	}

	@Test
	void aCallWhoseWorkerDiedIsNotRunAgainByDefault() throws Exception {
		RabbitBroker caller = this.peers.caller();
		CompletableFuture<Integer> call = callTakenByAWorkerThatDies(caller);
		RabbitTestTasks tasks = new RabbitTestTasks("second");
		RabbitBroker worker = this.peers.worker(tasks);
		assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionLostException.class)
			.hasMessageContaining("may have run");
		assertThat(tasks.runs).hasValue(0);
		assertThat(((Map<?, ?>) worker.details().get("worker")).get("refusedRedelivered")).isEqualTo(1L);
	}

	@Test
	void aCallWhoseWorkerDiedRunsOnAnotherWorkerWhenRedeliveredCallsRun() throws Exception {
		RabbitBroker caller = this.peers.caller();
		CompletableFuture<Integer> call = callTakenByAWorkerThatDies(caller);
		RabbitTestTasks tasks = new RabbitTestTasks("second");
		this.peers.broker(tasks, RabbitBrokerOptions.DEFAULTS.withRedelivered(RedeliveredCalls.RUN));
		assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(42);
		assertThat(tasks.runs).hasValue(1);
	}

	@Test
	void aLostConnectionFailsTheCallsInFlightAndTheBrokerRecovers() throws Exception {
		Assumptions.assumeTrue(this.rabbit.isPrivate(), "closes the node's connections with rabbitmqctl");
		RabbitTestTasks tasks = new RabbitTestTasks("worker");
		RabbitBroker worker = this.peers.worker(tasks);
		RabbitBroker caller = this.peers.caller();
		CompletableFuture<String> call = caller
			.call(Call.of(this.peers.task("slow"), String.class).timeout(Duration.ofSeconds(60)));
		assertThat(tasks.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
		this.rabbit.ctl("close_all_connections", "patio test");
		assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionLostException.class);
		tasks.release.countDown();
		await().atMost(Duration.ofSeconds(60)).until(() -> caller.health().up() && worker.health().up());
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(caller.call(this.peers.task("mul"), Integer.class, 3, 4).get(30, TimeUnit.SECONDS))
						.isEqualTo(12));
	}

	@Test
	void aRabbitmqRestartFailsTheCallsInFlightAndTheBrokerServesAgain() throws Exception {
		Externals.assumeRabbitInstalled();
		try (RabbitMq own = RabbitMq.startPrivate(); RabbitPeers peers = new RabbitPeers(own)) {
			RabbitTestTasks tasks = new RabbitTestTasks("worker");
			RabbitBroker worker = peers.worker(tasks);
			RabbitBroker caller = peers.caller();
			assertThat(caller.call(peers.task("mul"), Integer.class, 2, 5).get(30, TimeUnit.SECONDS)).isEqualTo(10);
			CompletableFuture<String> call = caller
				.call(Call.of(peers.task("slow"), String.class).timeout(Duration.ofSeconds(120)));
			assertThat(tasks.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
			own.stopServer();
			assertThatThrownBy(() -> call.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionLostException.class);
			assertThat(caller.health().up()).isFalse();
			assertThat(worker.health().up()).isFalse();
			tasks.release.countDown();
			own.startServer();
			await().atMost(Duration.ofSeconds(120)).until(() -> caller.health().up() && worker.health().up());
			// the node lost its transient queues; the worker declared them again
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(caller.call(peers.task("mul"), Integer.class, 3, 5).get(30, TimeUnit.SECONDS))
							.isEqualTo(15));
		}
	}

	private static final class Externals {

		static void assumeRabbitInstalled() {
			io.patio.testsupport.Externals.assume(RabbitMq.installed(), RabbitMq.HOW_TO_GET);
		}

	}

}
