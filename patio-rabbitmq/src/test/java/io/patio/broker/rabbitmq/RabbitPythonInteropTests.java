package io.patio.broker.rabbitmq;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.patio.NoPeerException;
import io.patio.RemoteTaskException;
import io.patio.TaskTimeoutException;
import io.patio.call.Call;
import io.patio.testsupport.RabbitMq;
import io.patio.testsupport.RabbitMqExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Java and Python peers on one RabbitMQ node, the Python side being the real
 * patio-rabbitmq ({@code src/test/resources/python}): each role against the other, both
 * formats on one Java worker, and a queue served by a Python and a Java worker at once.
 */
@Timeout(300)
@ExtendWith(RabbitMqExtension.class)
class RabbitPythonInteropTests {

	private RabbitMq rabbit;

	private RabbitPeers peers;

	private final List<PythonRabbitPeer> pythons = new ArrayList<>();

	@BeforeEach
	void peers(RabbitMq rabbit) {
		this.rabbit = rabbit;
		this.peers = new RabbitPeers(rabbit);
	}

	@AfterEach
	void close() throws Exception {
		for (PythonRabbitPeer python : this.pythons) {
			python.close();
		}
		this.peers.close();
	}

	private PythonRabbitPeer python(String script, String... args) throws Exception {
		List<String> arguments = new ArrayList<>(List.of(this.rabbit.uri(), this.peers.suffix));
		arguments.addAll(List.of(args));
		PythonRabbitPeer python = PythonRabbitPeer.start(script, arguments.toArray(String[]::new));
		this.pythons.add(python);
		return python;
	}

	private PythonRabbitPeer pythonWorker(String name, int maxWorkers) throws Exception {
		PythonRabbitPeer worker = python("rabbit_worker.py", name, String.valueOf(maxWorkers));
		worker.next("ready");
		return worker;
	}

	private RabbitBroker pickleCaller() {
		return this.peers.broker(null, RabbitBrokerOptions.DEFAULTS.withSerializer("pickle"));
	}

	private <T> T join(CompletableFuture<T> call) throws Exception {
		return call.get(120, TimeUnit.SECONDS);
	}

	private static RemoteTaskException remote(Throwable error) {
		assertThat(error).isInstanceOf(RemoteTaskException.class);
		return (RemoteTaskException) error;
	}

	private static void assertError(JsonNode line, String type, String message) {
		assertThat(line.path("error").asString()).as("%s", line).isEqualTo(type);
		assertThat(line.path("message").asString()).as("%s", line).contains(message);
	}

	@Test
	void aPythonWorkerServesOurPickleCallerWithResultsAndErrorsOfEveryKind() throws Exception {
		PythonRabbitPeer worker = pythonWorker("python", 4);
		RabbitBroker caller = pickleCaller();
		assertThat(join(caller.call(this.peers.task("mul"), Integer.class, 6, 7))).isEqualTo(42);
		assertThat(join(caller.call(Call.of(this.peers.task("echo"), new TypeReference<Map<String, Object>>() {
		}).args("hi").kwarg("numbers", List.of(1, 2, 3)))))
			.isEqualTo(Map.of("text", "hi", "numbers", List.of(1, 2, 3)));
		@SuppressWarnings("unchecked")
		Map<Object, Object> kinds = join(caller.call(Call.of(this.peers.task("kinds"), Map.class)));
		assertThat(kinds).containsEntry("none", null)
			.containsEntry("t", true)
			.containsEntry("f", 1.5)
			.containsEntry("s", "héllo")
			.containsEntry("l", List.of(1, "a"))
			.containsEntry("tup", List.of(1, 2))
			.containsEntry("big", BigInteger.TWO.pow(70))
			.containsEntry("set", Set.of(1))
			.containsEntry("d", LocalDate.of(2026, 11, 29))
			.containsEntry("dec", new BigDecimal("1.10"));
		assertThat((byte[]) kinds.get("b")).containsExactly(0, 1);
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> join(caller.call(this.peers.task("boom"), Integer.class, "bad input")))
			.havingCause()
			.satisfies((error) -> {
				assertThat(remote(error).getRemoteType()).isEqualTo("builtins.ValueError");
				assertThat(remote(error).getRemoteMessage()).isEqualTo("bad input");
			});
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> join(caller.call(this.peers.task("declined"), Object.class)))
			.havingCause()
			.satisfies((error) -> {
				assertThat(remote(error).getRemoteType()).isEqualTo("__main__.PaymentDeclined");
				assertThat(remote(error).getRemoteMessage()).isEqualTo("card 42");
			});
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> join(caller.call(this.peers.task("too_slow"), Object.class)))
			.havingCause()
			.isInstanceOf(TaskTimeoutException.class);
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> join(caller.call(this.peers.task("echo"), Object.class)))
			.havingCause()
			.satisfies((error) -> assertThat(error).hasMessageContaining("TypeError")
				.hasMessageContaining("missing 2 required positional arguments"));
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> join(caller.call(this.peers.task("nope"), Object.class)))
			.havingCause()
			.isInstanceOf(NoPeerException.class);
		assertThat(join(caller.call(this.peers.task("mul"), Integer.class, 2, 3))).as(worker.output()).isEqualTo(6);
	}

	@Test
	void aCallThatExpiresInThePythonWorkersQueueIsNoPeer() throws Exception {
		pythonWorker("python", 1); // its prefetch is its one worker
		RabbitBroker caller = pickleCaller();
		CompletableFuture<String> busy = caller
			.call(Call.of(this.peers.task("hold"), String.class).args(3).timeout(Duration.ofSeconds(60)));
		CompletableFuture<String> queued = caller
			.call(Call.of(this.peers.task("hold"), String.class).args(0).timeout(Duration.ofSeconds(1)));
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> join(queued))
			.havingCause()
			.isInstanceOf(NoPeerException.class)
			.withMessageContaining("No worker took the call");
		assertThat(join(busy)).isEqualTo("python");
	}

	@Test
	void aJsonCallerOfAPythonWorkerGetsTheUnpicklingErrorSoItMustSendPickle() throws Exception {
		pythonWorker("python", 1);
		RabbitBroker caller = this.peers.caller();
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> join(caller.call(this.peers.task("mul"), Integer.class, 6, 7)))
			.havingCause()
			.satisfies((error) -> assertThat(remote(error).getRemoteType()).contains("UnpicklingError"));
	}

	@Test
	void oneJavaWorkerAnswersAPythonCallerInPickleAndAJavaCallerInJson() throws Exception {
		this.peers.worker(new RabbitTestTasks("java"));
		RabbitBroker javaCaller = this.peers.caller();
		CompletableFuture<Integer> fromJava = javaCaller.call(this.peers.task("mul"), Integer.class, 6, 7);
		PythonRabbitPeer caller = python("rabbit_caller.py", "calls");
		JsonNode positional = caller.next("positional");
		assertThat(positional.path("result").asString()).as("%s", positional).isEqualTo("42");
		JsonNode keyword = caller.next("keyword");
		assertThat(keyword.path("value").path("text").asString()).as("%s", keyword).isEqualTo("hi");
		assertThat(keyword.path("value").path("numbers").toString()).as("%s", keyword).isEqualTo("[1,2,3]");
		JsonNode noTimeout = caller.next("no-timeout");
		assertThat(noTimeout.path("result").asString()).as("%s", noTimeout).isEqualTo("6");
		assertError(caller.next("throws"), "ValueError", "bad input");
		assertError(caller.next("bad-args"), "TypeError", "mul");
		assertError(caller.next("missing-args"), "TypeError", "echo");
		assertError(caller.next("unknown"), "MessageProcessError", "returned");
		JsonNode whoami = caller.next("whoami");
		assertThat(whoami.path("result").asString()).as("%s", whoami).isEqualTo("'java'");
		assertThat(caller.endsWithin(60)).as(caller.output()).isTrue();
		assertThat(join(fromJava)).isEqualTo(42);
		assertThat(join(javaCaller.call(this.peers.task("mul"), Integer.class, 2, 5))).isEqualTo(10);
	}

	@Test
	void aPythonCallWaitingBehindABusyJavaWorkerExpiresInTheQueue() throws Exception {
		RabbitTestTasks tasks = new RabbitTestTasks("java");
		this.peers.broker(tasks, RabbitBrokerOptions.DEFAULTS.withPrefetch(1));
		PythonRabbitPeer caller = python("rabbit_caller.py", "expiry");
		caller.next("slow-sent");
		assertThat(tasks.slowStarted.await(120, TimeUnit.SECONDS)).isTrue();
		caller.send("go");
		assertError(caller.next("expired"), "TimeoutError", "timed-out");
		tasks.release.countDown();
		caller.send("go");
		JsonNode slow = caller.next("slow");
		assertThat(slow.path("result").asString()).as("%s", slow).isEqualTo("'java'");
		assertThat(tasks.runs.get()).isEqualTo(1);
	}

	@Test
	void aPythonAndAJavaWorkerTakeTurnsOnOneQueueForCallersOfBothLanguages() throws Exception {
		pythonWorker("python", 4);
		this.peers.worker(new RabbitTestTasks("java"));
		RabbitBroker javaCaller = pickleCaller();
		List<String> served = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			served.add(join(javaCaller.call(this.peers.task("whoami"), String.class)));
		}
		assertThat(served).contains("python", "java");
		PythonRabbitPeer pythonCaller = python("rabbit_caller.py", "fleet");
		JsonNode fleet = pythonCaller.next("fleet");
		assertThat(fleet.path("value").toString()).as("%s", fleet).contains("\"python\"", "\"java\"");
	}

}
