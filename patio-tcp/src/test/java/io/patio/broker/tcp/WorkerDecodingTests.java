package io.patio.broker.tcp;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.WireMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REQUEST whose task the serializer reads at a glance is decoded by the executor's
 * worker that runs it, off the event loop, over real sockets; what it answers is the same
 * as when the event loop decoded it, for good and bad REQUESTs alike, and a bad one fails
 * only its own call.
 */
@ExtendWith(LeakCheck.class)
class WorkerDecodingTests {

	private PatioExecutor executor;

	private TcpServerBroker server;

	@AfterEach
	void close() {
		if (this.server != null) {
			this.server.close(Duration.ZERO);
		}
		if (this.executor != null) {
			this.executor.shutdown(Duration.ofSeconds(1));
		}
	}

	private int start() {
		return start(2);
	}

	private int start(int workers) {
		Registry registry = new Registry();
		registry.register("decodedOn", new Tasks(), "decodedOn");
		TestTasks tasks = new TestTasks("worker");
		registry.register("mul", tasks, "mul");
		registry.register("slow", tasks, "slow");
		this.executor = new ThreadPoolPatioExecutor(registry, workers, 16);
		this.server = new TcpServerBroker(this.executor, TcpPeers.fast().build(), "127.0.0.1:0");
		this.server.start();
		return this.server.getPort();
	}

	@Test
	void theWorkerThatRunsACallDecodesItsRequestNotTheEventLoop() throws Exception {
		try (RawPeer raw = RawPeer.ready(start(), "")) {
			raw.send(10, 1, "{\"func\":\"decodedOn\",\"args\":[{\"name\":\"a\"}],\"kwargs\":{},\"timeout\":5.0}");
			RawPeer.RawFrame answer = raw.read();
			assertThat(answer.type()).as(answer.text()).isEqualTo(20);
			// the argument was bound while the REQUEST was read: on the thread that ran
			// it
			String[] threads = WireMapper.json().readTree(answer.payload()).stringValue().split(" ");
			assertThat(threads[0]).isEqualTo(threads[1]).startsWith("patio-worker-");
		}
	}

	@Test
	void aRequestThatFailsToDecodeOnTheWorkerIsABadRequestAndTheConnectionGoesOn() throws Exception {
		try (RawPeer raw = RawPeer.ready(start(), "")) {
			raw.send(10, 1, "{\"func\":\"mul\",\"args\":[1,");
			assertBadRequest(raw.read(), 1, "Bad REQUEST");
			raw.send(10, 2, "{\"func\":\"mul\",\"func\":\"decodedOn\",\"args\":[],\"kwargs\":{},\"timeout\":null}");
			assertBadRequest(raw.read(), 2, "it names two tasks, 'mul' and 'decodedOn'");
			raw.send(10, 3, "{\"func\":\"mul\",\"args\":[\"six\"],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame wrongType = raw.read();
			assertThat(wrongType.type()).as(wrongType.text()).isEqualTo(30);
			assertThat(wrongType.text()).contains("bad-arguments");
			raw.send(10, 4, "{\"func\":\"mul\",\"args\":[6,7],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame answer = raw.read();
			assertThat(answer.serial()).isEqualTo(4);
			assertThat(answer.text()).isEqualTo("42");
		}
		// as on the event loop: only the call whose arguments did not bind is counted
		assertThat(this.executor.getTaskStats().get("mul").failed()).isZero();
		assertThat(this.executor.getStats().failed()).isEqualTo(1);
	}

	@Test
	void aRequestThatWaitsOutItsTimeoutInTheQueueIsAnsweredTimeoutAtItsDeadline() throws Exception {
		try (RawPeer raw = RawPeer.ready(start(1), "")) {
			raw.send(10, 1, "{\"func\":\"slow\",\"args\":[30000],\"kwargs\":{},\"timeout\":null}");
			raw.send(10, 2, "{\"func\":\"mul\",\"args\":[6,7],\"kwargs\":{},\"timeout\":0.05}");
			// while the one worker still runs the first call
			RawPeer.RawFrame answer = raw.read();
			assertThat(answer.serial()).isEqualTo(2);
			assertThat(answer.type()).as(answer.text()).isEqualTo(30);
			assertThat(answer.text()).contains("\"timeout\"");
		}
	}

	private static void assertBadRequest(RawPeer.RawFrame frame, long serial, String detail) {
		assertThat(frame.serial()).isEqualTo(serial);
		assertThat(frame.type()).as(frame.text()).isEqualTo(30);
		JsonNode error = WireMapper.json().readTree(frame.payload());
		assertThat(error.toString()).contains("bad-request").contains(detail);
	}

	/** A task whose argument says which thread made it. */
	public static class Tasks {

		public String decodedOn(Named named) {
			return named.madeOn() + " " + Thread.currentThread().getName();
		}

	}

	/** An argument bound from the REQUEST as it is read, which notes where. */
	public record Named(String name, String madeOn) {

		@JsonCreator
		public Named(@JsonProperty("name") String name) {
			this(name, Thread.currentThread().getName());
		}

	}

}
