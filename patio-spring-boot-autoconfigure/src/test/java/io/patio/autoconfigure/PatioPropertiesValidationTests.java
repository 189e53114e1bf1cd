package io.patio.autoconfigure;

import java.util.List;

import io.patio.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The library's builders and constructors own every check of a value; the Spring layer
 * binds anything and reports what they refuse as an invalid property, named.
 */
@ExtendWith(OutputCaptureExtension.class)
class PatioPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1} with {2}")
	@CsvSource(delimiter = '|',
			textBlock = """
					patio.broker.tcp.max-frame-size                  | -1    | tcp-server   | patio.broker.tcp.max-frame-size must be at least 256 bytes
					patio.broker.tcp.max-frame-size                  | 8B    | tcp-client   | patio.broker.tcp.max-frame-size must be at least 256 bytes
					patio.broker.tcp.max-frame-size                  | 4GB   | tcp-server   | patio.broker.tcp.max-frame-size must be at most 2047MB
					patio.broker.tcp.handshake-max-frame-size        | 100B  | tcp-server   | patio.broker.tcp.handshake-max-frame-size must be at least 256 bytes
					patio.broker.tcp.max-pending-writes              | 1KB   | tcp-server   | patio.broker.tcp.max-pending-writes must be at least 64 KiB
					patio.broker.tcp.ping-interval                   | 0s    | tcp-server   | patio.broker.tcp.ping-interval must be a positive duration
					patio.broker.tcp.ping-timeout                    | -1s   | tcp-client   | patio.broker.tcp.ping-timeout must be a positive duration
					patio.broker.tcp.handshake-timeout               | 0s    | tcp-server   | patio.broker.tcp.handshake-timeout must be a positive duration
					patio.broker.tcp.reconnect-delay                 | 0s    | tcp-client   | patio.broker.tcp.reconnect-delay must be a positive duration
					patio.broker.tcp.busy-poll                       | 1s    | tcp-server   | patio.broker.tcp.busy-poll must be between 0 and 10ms
					patio.broker.tcp.max-connections                 | 0     | tcp-server   | patio.broker.tcp.max-connections must be at least 1
					patio.broker.tcp.max-unauthenticated-connections | 0     | tcp-server   | patio.broker.tcp.max-unauthenticated-connections must be at least 1
					patio.broker.tcp.max-unauthenticated-per-address | -3    | tcp-server   | patio.broker.tcp.max-unauthenticated-per-address must be at least 1
					patio.broker.tcp.max-in-flight-per-connection    | 0     | tcp-client   | patio.broker.tcp.max-in-flight-per-connection must be at least 1
					patio.broker.timeout                             | 0s    | tcp-server   | patio.broker.timeout must be a positive duration
					patio.broker.timeout                             | -5s   | memory       | patio.broker.timeout must be a positive duration
					""")
	void aValueTheBrokerRefusesFailsStartupNamingItsProperty(String property, String value, String brokerType,
			String reason) {
		this.runner
			.withPropertyValues("patio.broker.type=" + brokerType, "patio.broker.tcp.listen=127.0.0.1:0",
					"patio.broker.tcp.connect=127.0.0.1:1", property + "=" + value)
			.run((context) -> assertInvalid(context.getStartupFailure(), property, reason));
	}

	@ParameterizedTest(name = "{0}={1} with {2}")
	@CsvSource(delimiter = '|',
			textBlock = """
					patio.executor.max-workers                   | 0   | thread-pool  | patio.executor.max-workers must be at least 1
					patio.executor.max-workers                   | -2  | async        | patio.executor.max-workers must be at least 1
					patio.executor.queue-capacity                | -1  | thread-pool  | patio.executor.queue-capacity must be 0 (no queue) or more
					patio.executor.queue-capacity                | -1  | async        | patio.executor.queue-capacity must be 0 (no queue) or more
					patio.executor.max-workers                   | 0   | process-pool | patio.executor.max-workers must be at least 1
					patio.executor.queue-capacity                | -1  | process-pool | patio.executor.queue-capacity must be 0 (no queue) or more
					patio.executor.process.tasks-per-worker      | 0   | process-pool | patio.executor.process.tasks-per-worker must be at least 1
					patio.executor.process.recycle-after         | -1  | process-pool | patio.executor.process.recycle-after must be 0 (never) or more
					patio.executor.process.startup-timeout       | 0s  | process-pool | patio.executor.process.startup-timeout must be a positive duration
					""")
	void aValueTheExecutorRefusesFailsStartupNamingItsProperty(String property, String value, String executorType,
			String reason) {
		this.runner
			.withPropertyValues("patio.executor.type=" + executorType,
					"patio.executor.process.application-class=" + Application.class.getName(), property + "=" + value)
			.run((context) -> assertInvalid(context.getStartupFailure(), property, reason));
	}

	@Test
	void aContradictionBetweenTwoPropertiesNamesTheOneToChange() {
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0",
					"patio.broker.tcp.max-frame-size=512B", "patio.broker.tcp.handshake-max-frame-size=1KB")
			.run((context) -> assertInvalid(context.getStartupFailure(), "patio.broker.tcp.handshake-max-frame-size",
					"patio.broker.tcp.handshake-max-frame-size (1024 bytes) must not be larger than max-frame-size"
							+ " (512 bytes)"));
		this.runner
			.withPropertyValues("patio.broker.type=tcp-client", "patio.broker.tcp.connect=127.0.0.1:1",
					"patio.broker.tcp.reconnect-delay=10s", "patio.broker.tcp.reconnect-max-delay=1s")
			.run((context) -> assertInvalid(context.getStartupFailure(), "patio.broker.tcp.reconnect-max-delay",
					"patio.broker.tcp.reconnect-max-delay (PT1S) must not be shorter than reconnect-delay (PT10S)"));
	}

	@Test
	void aCustomizersMistakeIsNotBlamedOnAProperty() {
		this.runner.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0")
			.withBean(TcpBrokerOptionsCustomizer.class, () -> (builder) -> builder.eventLoopThreads(0))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(causes(context.getStartupFailure()))
					.noneMatch(InvalidConfigurationPropertyValueException.class::isInstance)
					.anySatisfy((cause) -> assertThat(cause).isInstanceOf(InvalidOptionException.class)
						.hasMessage("event-loop-threads must be at least 1, not 0"));
			});
	}

	@Test
	void settersAcceptAnyValueSoThatTheBuildersDecide() {
		PatioProperties properties = new PatioProperties();
		properties.getExecutor().setMaxWorkers(0);
		properties.getExecutor().setQueueCapacity(-1);
		properties.getBroker().setTimeout(null);
		properties.getBroker().getTcp().setMaxConnections(-1);
		assertThat(properties.getExecutor().getMaxWorkers()).isZero();
		assertThat(properties.getBroker().getTcp().getMaxConnections()).isEqualTo(-1);
	}

	@Test
	void bootsReportNamesThePropertyItsValueAndWhereItWasSet(CapturedOutput output) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--patio.broker.type=tcp-server",
				"--patio.broker.tcp.listen=127.0.0.1:0", "--patio.broker.tcp.max-frame-size=-1"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"Invalid value '-1' for configuration property 'patio.broker.tcp.max-frame-size'",
				"patio.broker.tcp.max-frame-size must be at least 256 bytes (a handshake packet must fit), not -1",
				"Review the value of the property with the provided reason.");
	}

	private static void assertInvalid(Throwable failure, String property, String reason) {
		assertThat(failure).as("startup failure").isNotNull();
		InvalidConfigurationPropertyValueException invalid = causes(failure).stream()
			.filter(InvalidConfigurationPropertyValueException.class::isInstance)
			.map(InvalidConfigurationPropertyValueException.class::cast)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no invalid property reported in " + failure, failure));
		assertThat(invalid.getName()).isEqualTo(property);
		assertThat(invalid.getReason()).startsWith(reason);
	}

	private static List<Throwable> causes(Throwable failure) {
		List<Throwable> causes = new java.util.ArrayList<>();
		for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PatioAutoConfiguration.class)
	static class Application {

	}

}
