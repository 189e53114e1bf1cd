package io.patio.autoconfigure.client;

import java.time.Duration;

import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.autoconfigure.client.scanned.Greetings;
import io.patio.autoconfigure.client.scannedhere.Local;
import io.patio.autoconfigure.client.scannedhere.ScannedHere;
import io.patio.broker.client.PatioClients;
import io.patio.broker.client.Shapes;
import io.patio.broker.client.ShapesWorker;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.client.PatioClient;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ImportPatioClients @ImportPatioClients}: which interfaces get a client bean,
 * which bean a process that also implements the contract injects, the startup checks,
 * {@code patio.client.verify} and the AOT hints.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImportPatioClientsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class));

	@Test
	void oneClientBeanPerListedInterfaceInjectableByType() {
		this.runner.withUserConfiguration(ListedTypes.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Shapes.class);
			assertThat(PatioClients.isClient(context.getBean(Shapes.class))).isTrue();
			assertThat(context).hasBean(Shapes.class.getName() + ".patioClient");
			assertThat(context).doesNotHaveBean(Greetings.class);
		});
	}

	@Test
	void basePackagesAreScannedForContractInterfacesOnly() {
		this.runner.withUserConfiguration(ScannedPackage.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(PatioClients.isClient(context.getBean(Greetings.class))).isTrue();
			assertThat(context).doesNotHaveBean(Shapes.class);
		});
	}

	@Test
	void withNoAttributeTheImportingClassesPackageIsScanned() {
		this.runner.withUserConfiguration(ScannedHere.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(PatioClients.isClient(context.getBean(Local.class))).isTrue();
		});
	}

	@Test
	void implementingAndImportingAContractInjectsTheClientAndRegistersTheImplementation() {
		this.runner.withUserConfiguration(ListedTypes.class, Implementation.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(Shapes.class)).hasSize(2);
			assertThat(PatioClients.isClient(context.getBean(Shapes.class))).isTrue();
			assertThat(context.getBean(ShapesWorker.class)).isNotNull();
			assertThat(context.getBean(Registry.class).asMap()).containsKeys("shapes.mul",
					Shapes.class.getName() + ".scale");
			assertThat(context.getBean(Shapes.class).mul(6, 7)).isEqualTo(42);
		});
	}

	@Test
	void aMethodThatCannotBeATaskFailsTheStartupNamingIt() {
		this.runner.withUserConfiguration(BadImport.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("Bad#over: Method 'over'")
				.hasMessageContaining("overloaded");
		});
	}

	@Test
	void verifyLogsTheMethodsThatNoPeerOffers(CapturedOutput output) {
		this.runner.withUserConfiguration(ListedTypes.class)
			.withPropertyValues("patio.client.verify=true", "patio.executor.type=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> output.getOut()
						.contains("patio.client.verify: no connected peer offers 12 method(s) of "
								+ Shapes.class.getName()));
				assertThat(output.getOut()).contains("mul ('shapes.mul')");
			});
	}

	@Test
	void verifySaysWhenEveryMethodIsOffered(CapturedOutput output) {
		this.runner.withUserConfiguration(ListedTypes.class, Implementation.class)
			.withPropertyValues("patio.client.verify=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> output.getOut()
						.contains("patio.client.verify: every method of " + Shapes.class.getName() + " is offered"));
			});
	}

	@Test
	void verifyOnATcpClientChecksWhatTheServersAdvertisedOnceDiscoveryIsDone(CapturedOutput output) {
		Registry registry = new Registry();
		registry.registerAnnotated(new ShapesWorker());
		TcpBrokerOptions options = TcpBrokerOptions.builder().key("verify").build();
		try (ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 2);
				TcpServerBroker server = new TcpServerBroker(executor, options, "127.0.0.1:0")) {
			server.start();
			this.runner.withUserConfiguration(ListedTypes.class, ScannedPackage.class)
				.withPropertyValues("patio.client.verify=true", "patio.executor.type=none",
						"patio.broker.type=tcp-client", "patio.broker.tcp.key=verify",
						"patio.broker.tcp.connect=127.0.0.1:" + server.getBoundAddresses().get(0).getPort())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					await().atMost(Duration.ofSeconds(30))
						.until(() -> output.getOut()
							.contains("patio.client.verify: no connected peer offers 1 method(s) of "
									+ Greetings.class.getName() + ": greet ('" + Greetings.class.getName() + ".greet')")
								&& output.getOut()
									.contains("patio.client.verify: every method of " + Shapes.class.getName()
											+ " is offered"));
				});
		}
	}

	@Test
	void withoutVerifyNothingIsChecked() {
		this.runner.withUserConfiguration(ListedTypes.class)
			.run((context) -> assertThat(context).doesNotHaveBean(io.patio.autoconfigure.PatioClientVerifier.class));
	}

	@Test
	void aheadOfTimeProcessingRegistersTheProxyAndBindingHints() {
		GenericApplicationContext context = new GenericApplicationContext();
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(ListedTypes.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(ImportPatioClientsTests.class)), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		RuntimeHints hints = generation.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Shapes.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Shapes.Point.class)).accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportPatioClients(types = Shapes.class)
	static class ListedTypes {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportPatioClients(basePackages = "io.patio.autoconfigure.client.scanned")
	static class ScannedPackage {

	}

	@Configuration(proxyBeanMethods = false)
	static class Implementation {

		@Bean
		ShapesWorker shapesWorker() {
			return new ShapesWorker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportPatioClients(types = Bad.class)
	static class BadImport {

	}

	@PatioClient
	interface Bad {

		int over(int x);

		int over(String x);

	}

}
