package io.patio.autoconfigure.client;

import java.net.InetSocketAddress;

import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.ListeningBroker;
import io.patio.broker.PatioBroker;
import io.patio.broker.client.PatioClients;
import io.patio.broker.client.Shapes;
import io.patio.broker.client.ShapesWorker;
import io.patio.broker.client.TypedClientSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every kind of {@link TypedClientSuite} in Spring: a client injected by its interface,
 * in one application that both implements and imports the contract (memory), and across a
 * worker and a caller application over TCP.
 */
class SpringTypedClientTests {

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class BothSidesInOneApplication extends TypedClientSuite {

		private ConfigurableApplicationContext application;

		@BeforeAll
		void start() {
			this.application = run(WorkerAndCaller.class, "patio.project=example");
		}

		@AfterAll
		void stop() {
			this.application.close();
		}

		@Override
		protected Shapes client() {
			Shapes client = this.application.getBean(ShapesUser.class).shapes;
			assert PatioClients.isClient(client) : "the client is the primary Shapes";
			return client;
		}

		@Override
		protected ShapesWorker worker() {
			return this.application.getBean(ShapesWorker.class);
		}

	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class WorkerAndCallerOverTcp extends TypedClientSuite {

		private ConfigurableApplicationContext worker;

		private ConfigurableApplicationContext caller;

		@BeforeAll
		void start() {
			this.worker = run(Worker.class, "patio.project=example", "patio.broker.type=tcp-server",
					"patio.broker.tcp.listen=127.0.0.1:0", "patio.broker.tcp.key=typed-clients");
			InetSocketAddress bound = ((ListeningBroker) this.worker.getBean(PatioBroker.class)).getBoundAddresses()
				.get(0);
			this.caller = run(Caller.class, "patio.project=example", "patio.executor.type=none",
					"patio.broker.type=tcp-client", "patio.broker.tcp.key=typed-clients",
					"patio.broker.tcp.connect=127.0.0.1:" + bound.getPort(), "patio.broker.wait-for-peer=true");
		}

		@AfterAll
		void stop() {
			this.caller.close();
			this.worker.close();
		}

		@Override
		protected Shapes client() {
			return this.caller.getBean(Shapes.class);
		}

		@Override
		protected ShapesWorker worker() {
			return this.worker.getBean(ShapesWorker.class);
		}

	}

	static ConfigurableApplicationContext run(Class<?> configuration, String... properties) {
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties(properties)
			.properties("spring.main.banner-mode=off")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PatioAutoConfiguration.class)
	static class Worker {

		@Bean
		ShapesWorker shapesWorker() {
			return new ShapesWorker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PatioAutoConfiguration.class)
	@ImportPatioClients(types = Shapes.class)
	static class Caller {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PatioAutoConfiguration.class)
	@ImportPatioClients(types = Shapes.class)
	static class WorkerAndCaller {

		@Bean
		ShapesWorker shapesWorker() {
			return new ShapesWorker();
		}

		@Bean
		ShapesUser shapesUser(Shapes shapes) {
			return new ShapesUser(shapes);
		}

	}

	/** A bean that asks for the contract by type. */
	record ShapesUser(Shapes shapes) {
	}

}
