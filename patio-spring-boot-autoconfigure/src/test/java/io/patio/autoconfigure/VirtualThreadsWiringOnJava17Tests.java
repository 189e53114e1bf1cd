package io.patio.autoconfigure;

import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.executor.VirtualThreadsUnavailableException;
import io.patio.testsupport.ForkedJdkTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * On Java 17 the virtual-threads executor refuses to start and says why, while Boot's
 * {@code spring.threads.virtual.enabled}, which Boot itself ignores before Java 21,
 * leaves the thread pool in place. The tests of the choice on Java 21 and later run here
 * on the JDK 25.
 */
@EnabledForJreRange(max = JRE.JAVA_20)
@ExtendWith(OutputCaptureExtension.class)
class VirtualThreadsWiringOnJava17Tests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class));

	@Test
	void theTypeFailsStartupWithATypedErrorAndAnAnalysisThatSaysWhy() {
		this.runner.withPropertyValues("patio.executor.type=virtual-threads").run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = NestedExceptionUtils.getRootCause(context.getStartupFailure());
			assertThat(cause).isInstanceOf(VirtualThreadsUnavailableException.class);
			FailureAnalysis analysis = new VirtualThreadsUnavailableFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("patio.executor.type=virtual-threads runs each call on a"
					+ " virtual thread, and virtual threads need Java 21 or later, but the application runs on Java "
					+ Runtime.version().feature() + ".");
			assertThat(analysis.getAction()).isEqualTo("Run the application on Java 21 or later, or set"
					+ " patio.executor.type to thread-pool (a bounded pool of platform threads, the default).");
		});
	}

	@Test
	void theApplicationFailsToStartWithTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--patio.executor.type=virtual-threads"));
		assertThat(output).contains("APPLICATION FAILED TO START", "virtual threads need Java 21 or later",
				"set patio.executor.type to thread-pool");
	}

	@Test
	void bootsVirtualThreadsPropertyKeepsTheThreadPoolAsBootDoesOnJava17() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(PatioExecutor.class)
				.isInstanceOf(ThreadPoolPatioExecutor.class));
	}

	@Test
	void onJdk25TheChoiceOfVirtualThreadsWorks() throws Exception {
		ForkedJdkTests.run(ForkedJdkTests.requireJdk25(), VirtualThreadsWiringTests.class).assertAllPassed();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PatioAutoConfiguration.class)
	static class MinimalApplication {

	}

}
