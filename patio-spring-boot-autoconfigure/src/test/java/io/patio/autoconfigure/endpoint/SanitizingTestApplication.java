package io.patio.autoconfigure.endpoint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * A web application with Actuator and patio, for the key-masking tests; run in the test's
 * JVM, or in a JVM of its own through {@link #main} (which prints its port).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SanitizingTestApplication {

	/**
	 * The line {@link #main} prints when its web server listens, followed by the port.
	 */
	static final String PORT_LINE = "SANITIZING_TEST_APPLICATION_PORT=";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SanitizingTestApplication.class);
		application.addListeners((ApplicationListener<WebServerInitializedEvent>) (event) -> System.out
			.println(PORT_LINE + event.getWebServer().getPort()));
		application.run(args);
	}

}
