package io.patio.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.patio.broker.AbstractPatioBroker;
import io.patio.broker.MemoryBroker;
import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.AsyncPatioExecutor;
import io.patio.call.CallRequest;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.cbor.CborSerializer;
import io.patio.serializer.JsonSerializer;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Each value of the type properties comes from its own conditional configuration, which
 * backs off when the application defines the bean; a value no module provides fails
 * startup with a report of the valid values and their artifacts.
 */
@ExtendWith(OutputCaptureExtension.class)
class PatioTypeWiringTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class));

	@Test
	void everyBuiltInValueIsContributed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class,
					io.patio.autoconfigure.rabbitmq.PatioRabbitBrokerAutoConfiguration.class))
			.run((context) -> assertThat(context.getBeansOfType(PatioTypeContribution.class).values())
				.containsExactlyInAnyOrderElementsOf(KnownPatioTypes.ALL));
	}

	@Test
	void executorConfigurationsBackOffWhenTheApplicationDefinesAnExecutor() {
		for (String type : List.of("thread-pool", "virtual-threads", "async", "none", "process-pool")) {
			this.runner.withUserConfiguration(UserExecutorConfiguration.class)
				.withPropertyValues("patio.executor.type=" + type)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).getBean(PatioExecutor.class).isSameAs(context.getBean("userExecutor"));
				});
		}
	}

	@Test
	void brokerConfigurationsBackOffWhenTheApplicationDefinesABroker() {
		for (String type : List.of("memory", "tcp-server", "tcp-client")) {
			this.runner.withUserConfiguration(UserBrokerConfiguration.class)
				.withPropertyValues("patio.broker.type=" + type)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).getBean(PatioBroker.class).isSameAs(context.getBean("userBroker"));
					assertThat(context).doesNotHaveBean(TcpServerBroker.class);
				});
		}
	}

	@Test
	void serializerConfigurationsBackOffWhenTheApplicationDefinesASerializer() {
		for (String serializer : List.of("json", "cbor")) {
			this.runner.withUserConfiguration(UserSerializerConfiguration.class)
				.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0",
						"patio.broker.tcp.serializer=" + serializer)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).getBean(Serializer.class).isSameAs(UserSerializerConfiguration.SERIALIZER);
					assertThat(context.getBean(TcpServerBroker.class).getOptions().getSerializer())
						.isSameAs(UserSerializerConfiguration.SERIALIZER);
				});
		}
	}

	@Test
	void eachValueSelectsItsOwnConfiguration() {
		this.runner.withPropertyValues("patio.executor.type=async", "patio.broker.tcp.serializer=cbor")
			.run((context) -> {
				assertThat(context).getBean(PatioExecutor.class).isInstanceOf(AsyncPatioExecutor.class);
				assertThat(context).getBean(PatioBroker.class).isInstanceOf(MemoryBroker.class);
				assertThat(context).getBean(Serializer.class).isSameAs(CborSerializer.INSTANCE);
			});
		this.runner.withPropertyValues("patio.executor.type=NONE")
			.run((context) -> assertThat(context).getBean(PatioExecutor.class).isInstanceOf(NullPatioExecutor.class));
		this.runner.run((context) -> assertThat(context).getBean(Serializer.class).isSameAs(JsonSerializer.INSTANCE));
	}

	@Test
	void aBrokerTypeNoModuleProvidesFailsWithTheValidValuesAndTheirArtifacts() {
		this.runner.withPropertyValues("patio.broker.type=kafka").run((context) -> {
			PatioTypeNotProvidedException failure = failure(context);
			assertThat(failure).hasMessage("patio.broker.type=kafka is provided by no module on the class path;"
					+ " set it to memory, tcp-server or tcp-client");
			FailureAnalysis analysis = analyze(failure);
			assertThat(analysis.getDescription())
				.isEqualTo("No module on the class path provides patio.broker.type=kafka.");
			assertThat(analysis.getAction()).isEqualTo("""
					Set patio.broker.type to one of the values the modules on the class path provide:
					    memory (io.patio:patio-core)
					    tcp-server (io.patio:patio-tcp)
					    tcp-client (io.patio:patio-tcp)
					or add the module that provides one of these values:
					    rabbitmq (io.patio:patio-rabbitmq)""");
		});
	}

	@Test
	void valuesMatchAsTheEnumsBoundThemIgnoringCaseDashesAndUnderscores() {
		for (String value : new String[] { "thread_pool", "THREAD_POOL", "Thread-Pool", "threadPool" }) {
			this.runner.withPropertyValues("patio.executor.type=" + value)
				.run((context) -> assertThat(context).hasNotFailed()
					.getBean(io.patio.executor.PatioExecutor.class)
					.isInstanceOf(io.patio.executor.ThreadPoolPatioExecutor.class));
		}
		this.runner
			.withPropertyValues("patio.executor.type=none", "patio.broker.type=TCP_CLIENT",
					"patio.broker.tcp.connect=127.0.0.1:1", "patio.broker.tcp.key=k")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(io.patio.broker.PatioBroker.class)
				.isInstanceOf(io.patio.broker.tcp.TcpClientBroker.class));
	}

	@Test
	void aTypoFailsToo() {
		this.runner.withPropertyValues("patio.executor.type=thread.pool").run((context) -> {
			PatioTypeNotProvidedException failure = failure(context);
			assertThat(failure.getProperty()).isEqualTo("patio.executor.type");
			assertThat(failure.getValue()).isEqualTo("thread.pool");
			assertThat(analyze(failure).getAction())
				.startsWith("Did you mean patio.executor.type=thread-pool? Values are written in lower case with"
						+ " dashes.")
				.contains("    process-pool (io.patio:patio-process)");
		});
		this.runner.withPropertyValues("patio.broker.tcp.serializer=jsno").run((context) -> {
			FailureAnalysis analysis = analyze(failure(context));
			assertThat(analysis.getDescription())
				.isEqualTo("No module on the class path provides patio.broker.tcp.serializer=jsno.");
			assertThat(analysis.getAction()).contains("    json (io.patio:patio-core)",
					"    cbor (io.patio:patio-tcp)");
		});
	}

	@Test
	void anEmptyValueFailsToo() {
		this.runner.withPropertyValues("patio.broker.type=").run((context) -> {
			PatioTypeNotProvidedException failure = failure(context);
			assertThat(failure).hasMessage("patio.broker.type is empty; set it to memory, tcp-server or tcp-client");
			assertThat(analyze(failure).getDescription())
				.isEqualTo("patio.broker.type is empty. (YAML reads an unquoted null or ~ as no value.)");
		});
	}

	@Test
	void aValueWhoseModuleIsMissingNamesTheArtifactToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(TcpServerBroker.class, CborSerializer.class))
			.withPropertyValues("patio.broker.type=tcp-server")
			.run((context) -> {
				PatioTypeNotProvidedException failure = failure(context);
				assertThat(failure).hasMessage("patio.broker.type=tcp-server needs io.patio:patio-tcp, which is not on"
						+ " the class path; add it, or set patio.broker.type to memory");
				FailureAnalysis analysis = analyze(failure);
				assertThat(analysis.getDescription())
					.isEqualTo("patio.broker.type=tcp-server is provided by io.patio:patio-tcp, which is not on the"
							+ " class path.");
				assertThat(analysis.getAction()).isEqualTo(
						"""
								Add io.patio:patio-tcp to the application's dependencies, or set patio.broker.type to another value.

								Set patio.broker.type to one of the values the modules on the class path provide:
								    memory (io.patio:patio-core)
								or add the module that provides one of these values:
								    tcp-server (io.patio:patio-tcp)
								    tcp-client (io.patio:patio-tcp)
								    rabbitmq (io.patio:patio-rabbitmq)""");
			});
		this.runner.withClassLoader(new FilteredClassLoader(ProcessPoolPatioExecutor.class))
			.withPropertyValues("patio.executor.type=process-pool")
			.run((context) -> assertThat(analyze(failure(context)).getDescription())
				.isEqualTo("patio.executor.type=process-pool is provided by io.patio:patio-process, which is not on"
						+ " the class path."));
	}

	@Test
	void aModuleOnTheClassPathAddsAValue() {
		ApplicationContextRunner withModule = new ApplicationContextRunner().withConfiguration(
				AutoConfigurations.of(PatioAutoConfiguration.class, ExampleBrokerAutoConfiguration.class));
		withModule.withPropertyValues("patio.broker.type=example").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PatioBroker.class).isSameAs(context.getBean("patioBroker"));
			assertThat(context.getBean(PatioBroker.class).getType()).isEqualTo("example");
		});
		withModule.withPropertyValues("patio.broker.type=exmaple")
			.run((context) -> assertThat(analyze(failure(context)).getAction())
				.contains("    example (com.example:patio-example)"));
	}

	@Test
	void theApplicationFailsToStartWithTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--patio.broker.type=kafka"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"No module on the class path provides patio.broker.type=kafka.", "    tcp-server (io.patio:patio-tcp)");
	}

	private static PatioTypeNotProvidedException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof PatioTypeNotProvidedException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("cause of %s", context.getStartupFailure())
			.isInstanceOf(PatioTypeNotProvidedException.class);
		return (PatioTypeNotProvidedException) failure;
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new PatioTypeNotProvidedFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PatioAutoConfiguration.class)
	static class MinimalApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean
		PatioExecutor userExecutor(Registry registry) {
			return new NullPatioExecutor(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBrokerConfiguration {

		@Bean
		PatioBroker userBroker(PatioExecutor executor) {
			return new MemoryBroker(executor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSerializerConfiguration {

		static final Serializer SERIALIZER = new JsonSerializer();

		@Bean
		Serializer userSerializer() {
			return SERIALIZER;
		}

	}

	/** What a module that adds {@code patio.broker.type=example} declares. */
	@AutoConfiguration(before = PatioAutoConfiguration.class)
	static class ExampleBrokerAutoConfiguration {

		@Bean
		PatioTypeContribution patioExampleBrokerType() {
			return PatioTypeContribution.broker("example", "com.example:patio-example");
		}

		@Bean
		@ConditionalOnProperty(name = PatioTypeContribution.BROKER_TYPE, havingValue = "example")
		@ConditionalOnMissingBean(PatioBroker.class)
		PatioBroker patioBroker(PatioExecutor executor) {
			return new ExampleBroker(executor);
		}

	}

	static final class ExampleBroker extends AbstractPatioBroker {

		ExampleBroker(PatioExecutor executor) {
			super(executor, null);
		}

		@Override
		public String getType() {
			return "example";
		}

		@Override
		protected CompletableFuture<Object> dispatch(CallRequest request) {
			return getExecutor().execute(request);
		}

	}

}
