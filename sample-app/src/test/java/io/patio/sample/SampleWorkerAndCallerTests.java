package io.patio.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker and caller profiles in one JVM, over real HTTP: the caller (executor none)
 * calls through the MathService client, and its {@code /actuator/patio} and
 * {@code /actuator/health} show the connection to the worker.
 */
@Timeout(120)
class SampleWorkerAndCallerTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private ConfigurableApplicationContext worker;

	private ConfigurableApplicationContext caller;

	@AfterEach
	void close() {
		if (this.caller != null) {
			this.caller.close();
		}
		if (this.worker != null) {
			this.worker.close();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void callerReachesTheWorkersTasksByNameAndMethodReference() {
		this.worker = new SpringApplicationBuilder(SampleApplication.class).profiles("worker")
			.run("--server.port=0", "--patio.broker.tcp.listen=127.0.0.1:0");
		int patioPort = ((TcpServerBroker) this.worker.getBean(PatioBroker.class)).getPort();
		this.caller = new SpringApplicationBuilder(SampleApplication.class).profiles("caller")
			.run("--server.port=0", "--patio.broker.tcp.connect=127.0.0.1:" + patioPort);

		assertThat(this.caller.getBean(QuickstartRunner.class).getResults()).hasSize(100).containsOnly(6);
		// the caller runs nothing, yet knows the generated names from the same interface
		assertThat(this.caller.getBean(Registry.class).asMap())
			.containsKey(MathService.class.getName() + ".slowSquare");

		RestClient http = http(this.caller);
		assertThat(http.get().uri("/square?x=7").retrieve().body(Integer.class)).isEqualTo(49);
		assertThat(http.get().uri("/mul?x=6&x=7").retrieve().body(Integer.class)).isEqualTo(42);

		Map<String, Object> patio = http.get().uri("/actuator/patio").retrieve().body(JSON);
		Map<String, Object> broker = (Map<String, Object>) patio.get("broker");
		assertThat(broker).containsEntry("type", "tcp-client");
		Map<String, Object> details = (Map<String, Object>) broker.get("details");
		List<Map<String, Object>> connections = (List<Map<String, Object>>) details.get("connections");
		assertThat(connections).singleElement()
			.satisfies((connection) -> assertThat(connection).containsEntry("direction", "dialled")
				.containsEntry("remoteAddress", "127.0.0.1:" + patioPort)
				.containsEntry("advertisedTasks",
						List.of(MathService.class.getName() + ".slowSquare", "mul", "scale")));
		assertThat(((Map<String, Object>) patio.get("executor"))).containsEntry("type", "none");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Object> health = http.get().uri("/actuator/health/patio").retrieve().body(JSON);
			assertThat(health).containsEntry("status", "UP");
		});

		Map<String, Object> workerPatio = http(this.worker).get().uri("/actuator/patio").retrieve().body(JSON);
		Map<String, Object> workerDetails = (Map<String, Object>) ((Map<String, Object>) workerPatio.get("broker"))
			.get("details");
		assertThat(workerDetails).containsEntry("listening", List.of("127.0.0.1:" + patioPort));
		assertThat((List<Map<String, Object>>) workerDetails.get("connections")).singleElement()
			.satisfies((connection) -> assertThat(connection).containsEntry("direction", "accepted")
				.containsEntry("advertisedTasks", List.of()));
	}

	@Test
	void theWorkersOwnMulAnswers503AtOnceSayingABrokerNeverCallsItself() {
		this.worker = new SpringApplicationBuilder(SampleApplication.class).profiles("worker")
			.run("--server.port=0", "--patio.broker.tcp.listen=127.0.0.1:0");
		org.springframework.http.ResponseEntity<String> answer = http(this.worker).get()
			.uri("/mul?x=6&x=7")
			.retrieve()
			.toEntity(String.class);
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getBody()).contains("\"code\":\"no-peer\"")
			.contains("a broker never routes a call to itself");
	}

	private static RestClient http(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

}
