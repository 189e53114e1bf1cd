package io.patio.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an executor that runs nothing, a call cannot run anywhere: the sample answers 503
 * with patio's error code, not a bare 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		args = { "--patio.executor.type=none", "--sample.quickstart.enabled=false" })
class SampleErrorMappingTests {

	@LocalServerPort
	private int port;

	@Test
	void aCallNoOneCanRunAnswers503WithTheErrorCode() {
		ResponseEntity<String> answer = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/mul?x=6&x=7")
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getBody()).contains("\"code\":\"unknown-task\"").contains("\"task\":\"mul\"");
	}

}
