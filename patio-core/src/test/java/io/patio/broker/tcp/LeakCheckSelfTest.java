package io.patio.broker.tcp;

import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shows that {@link LeakCheck} sees a leak: a buffer dropped without release is reported.
 */
class LeakCheckSelfTest {

	@Test
	void aDroppedBufferIsReported() throws Exception {
		LeakCheck check = new LeakCheck();
		check.beforeEach(null);
		try {
			leak();
			LeakCheck.collectAndReport();
			// recorded by the Recorder detector itself (the surefire property), not only
			// from the log
			assertThat(LeakCheck.LEAKS).anyMatch((leak) -> leak.startsWith("traced leak of ByteBuf"));
		}
		finally {
			LeakCheck.LEAKS.clear();
			io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.SIMPLE);
		}
	}

	private static void leak() {
		ByteBufAllocator.DEFAULT.directBuffer(128).writeLong(42);
	}

}
