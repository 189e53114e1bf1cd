package io.patio.sample;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** /actuator/patio, /actuator/patio/{task} and /actuator/health over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleActuatorTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	private RestClient http;

	@BeforeEach
	void setUp() {
		this.http = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@Test
	@SuppressWarnings("unchecked")
	void patioEndpointShowsRegistryExecutorAndBroker() {
		Map<String, Object> patio = get("/actuator/patio").getBody();
		assertThat(patio).containsKeys("registry", "executor", "broker");
		// The sample sets no patio.project, and Actuator leaves null values out.
		assertThat(patio).doesNotContainKey("project");
		Map<String, Object> registry = (Map<String, Object>) patio.get("registry");
		assertThat(registry).containsEntry("locked", true);
		assertThat((List<Map<String, Object>>) registry.get("tasks")).extracting((task) -> task.get("name"))
			.containsExactly(MathService.class.getName() + ".slowSquare", "mul", "scale");
		assertThat((List<Map<String, Object>>) registry.get("tasks"))
			.filteredOn((task) -> "mul".equals(task.get("name")))
			.singleElement()
			.satisfies((task) -> assertThat(task).containsEntry("target", MathService.class.getName() + "#mul(int[])"));
		Map<String, Object> executor = (Map<String, Object>) patio.get("executor");
		assertThat(executor).containsEntry("type", "thread-pool")
			.containsEntry("maxWorkers", 4)
			.containsEntry("queueCapacity", 10000)
			.containsEntry("rejected", 0)
			.containsKeys("active", "queued", "completed", "failed");
		assertThat(((Number) executor.get("completed")).longValue()).isGreaterThanOrEqualTo(100);
		Map<String, Object> broker = (Map<String, Object>) patio.get("broker");
		assertThat(broker).containsEntry("type", "memory").containsEntry("running", true);
	}

	@Test
	void taskSelectorShowsOneTaskWithItsCallCounts() {
		this.http.get().uri("/mul?x=2&x=21").retrieve().toBodilessEntity();
		Map<String, Object> mul = get("/actuator/patio/mul").getBody();
		assertThat(mul).containsEntry("name", "mul")
			.containsEntry("target", MathService.class.getName() + "#mul(int[])")
			.containsEntry("async", true)
			.containsEntry("failed", 0);
		// The quickstart's 100 calls and the one above.
		assertThat(((Number) mul.get("completed")).longValue()).isGreaterThanOrEqualTo(100);
	}

	@Test
	void unknownTaskIsNotFound() {
		assertThat(get("/actuator/patio/nope").getStatusCode().value()).isEqualTo(404);
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthIncludesPatioExecutorAndBroker() {
		ResponseEntity<Map<String, Object>> response = get("/actuator/health");
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		Map<String, Object> health = response.getBody();
		assertThat(health).containsEntry("status", "UP");
		Map<String, Object> patio = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("patio");
		assertThat(patio).containsEntry("status", "UP");
		Map<String, Object> components = (Map<String, Object>) patio.get("components");
		Map<String, Object> executor = (Map<String, Object>) components.get("executor");
		assertThat(executor).containsEntry("status", "UP");
		assertThat((Map<String, Object>) executor.get("details")).containsEntry("type", "thread-pool")
			.containsKey("saturation");
		Map<String, Object> broker = (Map<String, Object>) components.get("broker");
		assertThat(broker).containsEntry("status", "UP");
		assertThat((Map<String, Object>) broker.get("details")).containsEntry("type", "memory");
	}

	@Test
	@SuppressWarnings("unchecked")
	void patioIsInReadinessButNotInLiveness() {
		Map<String, Object> readiness = get("/actuator/health/readiness").getBody();
		assertThat((Map<String, Object>) readiness.get("components")).containsKeys("patio", "readinessState");
		Map<String, Object> liveness = get("/actuator/health/liveness").getBody();
		assertThat((Map<String, Object>) liveness.get("components")).containsOnlyKeys("livenessState");
	}

	private ResponseEntity<Map<String, Object>> get(String path) {
		return this.http.get().uri(path).retrieve().toEntity(JSON);
	}

}
