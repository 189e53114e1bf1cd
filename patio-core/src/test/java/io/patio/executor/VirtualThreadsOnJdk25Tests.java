package io.patio.executor;

import io.patio.testsupport.ForkedJdkTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * The build runs on Java 17, where virtual threads do not exist: this runs
 * {@link VirtualThreadPatioExecutorTest} on the JDK 25 installed beside it (skipped
 * without one, failed in CI). On Java 21 or later that class runs in place.
 */
@EnabledForJreRange(max = JRE.JAVA_20)
class VirtualThreadsOnJdk25Tests {

	@Test
	void theVirtualThreadsExecutorPassesItsTestsOnJdk25() throws Exception {
		ForkedJdkTests.run(ForkedJdkTests.requireJdk25(), VirtualThreadPatioExecutorTest.class).assertAllPassed();
	}

}
