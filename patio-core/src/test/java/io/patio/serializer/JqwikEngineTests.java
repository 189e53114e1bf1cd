package io.patio.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Guards the property tests against passing silently. Surefire's JUnit Platform provider
 * runs every engine that {@link ServiceLoader} finds on the test class path, so if jqwik
 * were missing or not registered, the {@code @Property} methods (such as those of
 * {@link WireRoundTripTests}) would simply not run and the build would stay green. These
 * Jupiter tests, which run whatever happens to jqwik, fail instead: the engine must be
 * registered the way Surefire finds it, and it must report a false property as a failure.
 */
class JqwikEngineTests {

	@Test
	void theJqwikEngineIsRegisteredWhereTheJUnitPlatformLooksForEngines() {
		assertThat(ServiceLoader.load(TestEngine.class).stream().map((provider) -> provider.get().getId()))
			.contains("jqwik", "junit-jupiter");
	}

	@Test
	void aFalsePropertyFailsTheBuild() {
		// the test kit does not read junit-platform.properties: keep jqwik's database
		// out of the module's folder, and its report of the expected failure out of the
		// build's output
		EngineExecutionResults results = EngineTestKit.engine("jqwik")
			.configurationParameter("jqwik.database", "target/jqwik-database-must-fail")
			.configurationParameter("jqwik.reporting.usejunitplatform", "true")
			.selectors(selectClass(MustFailProperty.class))
			.execute();
		assertThat(results.testEvents().started().count()).isEqualTo(1);
		assertThat(results.testEvents().succeeded().count()).isZero();
		Event failed = results.testEvents().failed().list().get(0);
		assertThat(failed.getTestDescriptor().getDisplayName()).isEqualTo(MustFailProperty.NAME);
		Throwable failure = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class)
			.flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
			.orElseThrow();
		assertThat(failure).isInstanceOf(AssertionError.class);
	}

}
