package io.patio.broker.tcp;

import ch.qos.logback.classic.Level;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.patio.LogCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shows that {@link LeakCheck} sees a leak: a buffer dropped without release is reported.
 * The detector's LEAK line this provokes is captured here, out of the build's output.
 */
class LeakCheckSelfTest {

	@Test
	void aDroppedBufferIsReported() throws Exception {
		LeakCheck check = new LeakCheck();
		check.beforeEach(null);
		try (LogCapture logs = LogCapture.of((entry) -> entry.logger().equals(ResourceLeakDetector.class.getName())
				&& entry.level() == Level.ERROR && entry.format().startsWith("LEAK: "))) {
			leak();
			LeakCheck.collectAndReport();
			// recorded by the Recorder detector itself (the surefire property), not only
			// from the log
			assertThat(LeakCheck.LEAKS).anyMatch((leak) -> leak.startsWith("traced leak of ByteBuf"));
			// and logged as Netty does, which this test takes out of the build's output
			assertThat(logs.entries()).isNotEmpty();
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
