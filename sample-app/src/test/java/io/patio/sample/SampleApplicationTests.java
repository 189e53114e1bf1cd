package io.patio.sample;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.patio.broker.PatioBroker;
import io.patio.registry.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private QuickstartRunner quickstartRunner;

	@Autowired
	private Registry registry;

	@Autowired
	private PatioBroker broker;

	private RestClient http;

	@BeforeEach
	void setUp() {
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void quickstartAtStartupShowsOneHundredSixes() {
		assertThat(this.quickstartRunner.getResults()).hasSize(100).containsOnly(6);
	}

	@Test
	void tasksAreRegisteredFromTheAnnotatedBeanAndTheBrokerIsRunning() {
		assertThat(this.registry.asMap()).containsOnlyKeys("mul", "scale", MathService.class.getName() + ".slowSquare");
		assertThat(this.registry.isLocked()).isTrue();
		assertThat(this.broker.isRunning()).isTrue();
	}

	@Test
	void quickstartEndpointReturnsOneHundredSixes() {
		List<Integer> results = this.http.get()
			.uri("/quickstart")
			.retrieve()
			.body(new ParameterizedTypeReference<List<Integer>>() {
			});
		assertThat(results).isEqualTo(Collections.nCopies(100, 6));
	}

	@Test
	void mulEndpointReturnsTheProduct() {
		assertThat(this.http.get().uri("/mul?x=1&x=2&x=3").retrieve().body(Integer.class)).isEqualTo(6);
		assertThat(this.http.get().uri("/mul?x=2&x=5&x=7&x=-1").retrieve().body(Integer.class)).isEqualTo(-70);
	}

	@Test
	void squareEndpointCallsTheCompletionStageTaskByReference() {
		assertThat(this.http.get().uri("/square?x=7").retrieve().body(Integer.class)).isEqualTo(49);
	}

	@Test
	void scaleEndpointTakesAndReturnsARecord() {
		Point scaled = this.http.get().uri("/scale?x=1&y=-2&factor=3").retrieve().body(Point.class);
		assertThat(scaled).isEqualTo(new Point(3, -6));
	}

	@Test
	void actuatorHealthIsUp() {
		Map<String, Object> health = this.http.get()
			.uri("/actuator/health")
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
		assertThat(health).containsEntry("status", "UP");
	}

}
