package io.patio.autoconfigure;

import io.patio.broker.tcp.TcpServerBroker;
import io.patio.serializer.Serializer;
import io.patio.serializer.pickle.PickleSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code patio.broker.tcp.serializer=pickle} selects the pickle serializer of
 * {@code io.patio:patio-pickle}, and names that artifact when it is missing.
 */
class PickleSerializerWiringTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class));

	@Test
	void pickleSelectsThePickleSerializerForTheTcpBrokers() {
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0",
					"patio.broker.tcp.serializer=pickle")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(Serializer.class).isInstanceOf(PickleSerializer.class);
				assertThat(context.getBean(TcpServerBroker.class).getOptions().getSerializer().getName())
					.isEqualTo("pickle");
			});
	}

	@Test
	void withoutTheModuleTheFailureNamesIt() {
		this.runner.withClassLoader(new FilteredClassLoader(PickleSerializer.class))
			.withPropertyValues("patio.broker.tcp.serializer=pickle")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (failure != null && !(failure instanceof PatioTypeNotProvidedException)) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOf(PatioTypeNotProvidedException.class);
				FailureAnalysis analysis = new PatioTypeNotProvidedFailureAnalyzer().analyze(failure);
				assertThat(analysis.getDescription()).isEqualTo("patio.broker.tcp.serializer=pickle is provided by"
						+ " io.patio:patio-pickle, which is not on the class path.");
			});
	}

}
