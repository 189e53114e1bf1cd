package io.patio.sample;

import java.util.Map;

import io.patio.broker.PatioBroker;
import io.patio.broker.rabbitmq.RabbitBroker;
import io.patio.testsupport.RabbitMq;
import io.patio.testsupport.RabbitMqExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rabbitmq profile serves the tasks and runs the quickstart through a real RabbitMQ
 * node.
 */
@Timeout(180)
@ExtendWith(RabbitMqExtension.class)
class SampleRabbitmqTests {

	@Test
	void theQuickstartRunsThroughRabbitmq(RabbitMq rabbit) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.profiles("rabbitmq")
			.run("--server.port=0", "--spring.rabbitmq.addresses=" + rabbit.uri())) {
			assertThat(context.getBean(PatioBroker.class)).isInstanceOf(RabbitBroker.class);
			assertThat(context.getBean(QuickstartRunner.class).getResults()).hasSize(100).containsOnly(6);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			RestClient http = RestClient.create("http://127.0.0.1:" + port);
			assertThat(http.get().uri("/mul?x=6&x=7").retrieve().body(String.class)).contains("42");
			Map<String, Object> patio = http.get()
				.uri("/actuator/patio")
				.retrieve()
				.body(new ParameterizedTypeReference<Map<String, Object>>() {
				});
			assertThat(patio.toString()).contains("rabbitmq").doesNotContain("guest:guest");
		}
	}

}
