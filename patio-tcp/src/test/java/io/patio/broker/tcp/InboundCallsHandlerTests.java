package io.patio.broker.tcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.patio.RejectedCallException;
import io.patio.TaskFailedException;
import io.patio.protocol.Frame;
import io.patio.protocol.OversizedFrame;
import io.patio.protocol.PacketType;

import static io.patio.broker.tcp.EmbeddedConnection.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** The peer's calls on one connection: run on the executor, answered in frames. */
class InboundCallsHandlerTests {

	private final EmbeddedConnection embedded = new EmbeddedConnection(
			TcpPeers.fast().maxInFlightPerConnection(2).build(), "mul")
		.ready();

	@AfterEach
	void close() {
		this.embedded.close();
	}

	private void request(long serial, String task, Object... args) {
		this.embedded.receive(PacketType.REQUEST, serial, Map.of("func", task, "args", List.of(args)));
	}

	@Test
	void callRunsOnTheExecutorAndItsResultIsAnswered() throws Exception {
		request(11, "mul", 2, 3);
		ScriptedExecutor.Run run = this.embedded.executor.next();
		assertThat(run.request().task()).isEqualTo("mul");
		assertThat(this.embedded.connection.getExecuting()).isEqualTo(1);
		assertThat(this.embedded.readFrames()).isEmpty();
		// finished on another thread, as an executor's would be
		CompletableFuture.runAsync(() -> run.future().complete(6)).join();
		Frame answer = this.embedded.readFrame();
		assertThat(answer.type()).isEqualTo(PacketType.RESPONSE);
		assertThat(answer.serial()).isEqualTo(11);
		assertThat(payload(answer)).hasToString("6");
		assertThat(this.embedded.connection.getExecuting()).isZero();
		assertThat(this.embedded.connection.getCallsReceived()).isEqualTo(1);
	}

	@Test
	void failedCallIsAnsweredWithItsError() {
		request(12, "mul");
		this.embedded.executor.next()
			.future()
			.completeExceptionally(new TaskFailedException("mul", "boom", new IllegalStateException("boom")));
		Frame answer = this.embedded.readFrame();
		assertThat(answer.type()).isEqualTo(PacketType.ERROR);
		assertThat(payload(answer).get("code").stringValue()).isEqualTo("task-failed");
		assertThat(payload(answer).get("type").stringValue()).isEqualTo(IllegalStateException.class.getName());
		assertThat(this.embedded.connection.getErrors()).isEqualTo(1);
	}

	@Test
	void badAndOversizedRequestsAreAnsweredWithoutRunning() {
		this.embedded.channel.writeInbound(new Frame(PacketType.REQUEST, 13, "[".getBytes()));
		this.embedded.channel.writeInbound(new OversizedFrame(PacketType.REQUEST, 14, 1 << 25, 1 << 24));
		List<Frame> answers = this.embedded.readFrames();
		assertThat(answers).extracting(Frame::serial).containsExactly(13L, 14L);
		assertThat(answers).extracting((frame) -> payload(frame).get("code").stringValue())
			.containsExactly("bad-request", "too-large");
		assertThat(this.embedded.executor.runs).isEmpty();
		assertThat(this.embedded.connection.getCallsReceived()).isEqualTo(2);
	}

	@Test
	void resultOverTheLimitIsAnsweredTooLarge() {
		request(15, "mul");
		this.embedded.executor.next().future().complete("x".repeat(17 * 1024 * 1024));
		Frame answer = this.embedded.readFrame();
		assertThat(answer.type()).isEqualTo(PacketType.ERROR);
		assertThat(payload(answer).get("code").stringValue()).isEqualTo("too-large");
		assertThat(payload(answer).get("message").stringValue()).contains("The result of task 'mul'");
	}

	@Test
	void callsPastTheCapRunWhenOthersEnd() {
		request(1, "mul");
		request(2, "mul");
		request(3, "mul");
		ScriptedExecutor.Run first = this.embedded.executor.next();
		this.embedded.executor.next();
		assertThat(this.embedded.executor.runs).isEmpty();
		assertThat(this.embedded.channel.config().isAutoRead()).isFalse();
		first.future().completeExceptionally(new RejectedCallException("mul", "full"));
		// answered 'rejected'; the held call waits for the retry, the executor is full
		assertThat(payload(this.embedded.readFrame()).get("code").stringValue()).isEqualTo("rejected");
		assertThat(this.embedded.executor.runs).isEmpty();
		this.embedded.executor.runs.clear();
		this.embedded.channel.advanceTimeBy(1, java.util.concurrent.TimeUnit.SECONDS);
		this.embedded.channel.runPendingTasks();
		assertThat(this.embedded.executor.next().request().task()).isEqualTo("mul");
	}

}
