package io.patio.autoconfigure.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.patio.actuate.endpoint.PatioEndpoint;
import io.patio.autoconfigure.ObservedTasks;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.autoconfigure.health.PatioBrokerHealthIndicator;
import io.patio.broker.PatioBroker;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Starts worker and caller applications (Spring contexts with the patio
 * auto-configuration) in this JVM, and closes them all at the end of a test.
 */
final class TcpPeerApplications implements AutoCloseable {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	/**
	 * A tcp-server that runs {@link ObservedTasks}, on a free port unless told otherwise.
	 */
	ConfigurableApplicationContext worker(String... properties) {
		List<String> all = new ArrayList<>(List.of("patio.broker.type=tcp-server",
				"patio.broker.tcp.listen=127.0.0.1:0", "spring.application.name=worker"));
		all.addAll(List.of(properties));
		return start(all);
	}

	/** A tcp-client with the none executor that dials the given port on loopback. */
	ConfigurableApplicationContext caller(int port, String... properties) {
		List<String> all = new ArrayList<>(List.of("patio.broker.type=tcp-client", "patio.executor.type=none",
				"patio.broker.tcp.connect=127.0.0.1:" + port, "patio.broker.tcp.reconnect-delay=50ms",
				"patio.broker.tcp.reconnect-max-delay=200ms", "spring.application.name=caller"));
		all.addAll(List.of(properties));
		return start(all);
	}

	private ConfigurableApplicationContext start(List<String> properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PeerApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.properties(properties.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	static PatioBroker broker(ConfigurableApplicationContext context) {
		return context.getBean(PatioBroker.class);
	}

	/** What {@code /actuator/patio} shows under {@code broker.details}. */
	static Map<String, Object> details(ConfigurableApplicationContext context) {
		return new PatioEndpoint(broker(context)).patio().broker().details();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> connections(ConfigurableApplicationContext context) {
		return (List<Map<String, Object>>) details(context).get("connections");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> firstServer(ConfigurableApplicationContext context) {
		return ((List<Map<String, Object>>) details(context).get("servers")).get(0);
	}

	static org.springframework.boot.health.contributor.Health health(ConfigurableApplicationContext context) {
		return new PatioBrokerHealthIndicator(broker(context)).health();
	}

	@Override
	public void close() {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, PatioAutoConfiguration.class })
	@Import(ObservedTasks.ObservedTasksConfiguration.class)
	static class PeerApplication {

	}

}
