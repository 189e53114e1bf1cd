package io.patio.broker.tcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a test with Netty's leak detector at PARANOID (every buffer tracked) and fails it
 * if any leak is reported. Leaks are recorded by {@link Recorder}, the detector every
 * Netty detector is made of in this build (surefire sets
 * {@code io.netty.customResourceLeakDetector}), and, for detectors made before (a run
 * from an IDE), from the detector's ERROR log. After the test it collects garbage and
 * allocates, which is what makes Netty report.
 */
final class LeakCheck implements BeforeEachCallback, AfterEachCallback {

	static final List<String> LEAKS = new CopyOnWriteArrayList<>();

	private static final Logger DETECTOR_LOG = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);

	static {
		// detectors created from now on record too, also without the surefire property
		ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
			@Override
			public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
					long maxActive) {
				return new Recorder<>(resource, samplingInterval, maxActive);
			}
		});
		AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getFormattedMessage().contains("LEAK")) {
					LEAKS.add(event.getFormattedMessage());
				}
			}
		};
		appender.start();
		DETECTOR_LOG.addAppender(appender);
	}

	private ResourceLeakDetector.Level previous;

	@Override
	public void beforeEach(ExtensionContext context) {
		this.previous = ResourceLeakDetector.getLevel();
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		LEAKS.clear();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		try {
			collectAndReport();
			assertThat(LEAKS).as("Netty reported leaked buffers").isEmpty();
		}
		finally {
			ResourceLeakDetector.setLevel(this.previous);
		}
	}

	/**
	 * Lets unreachable buffers be collected, then allocates so that the detectors report
	 * them.
	 */
	static void collectAndReport() {
		for (int round = 0; round < 4; round++) {
			System.gc();
			System.runFinalization();
			for (ByteBufAllocator allocator : new ByteBufAllocator[] { ByteBufAllocator.DEFAULT,
					PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT }) {
				for (int i = 0; i < 50; i++) {
					ByteBuf buffer = allocator.directBuffer(64);
					buffer.release();
					buffer = allocator.heapBuffer(64);
					buffer.release();
				}
			}
		}
	}

	/** A leak detector that records what it reports. */
	public static final class Recorder<T> extends ResourceLeakDetector<T> {

		public Recorder(Class<?> resourceType, int samplingInterval, long maxActive) {
			super(resourceType, samplingInterval, maxActive);
		}

		public Recorder(Class<?> resourceType, int samplingInterval) {
			super(resourceType, samplingInterval);
		}

		@Override
		protected boolean needReport() {
			return true;
		}

		@Override
		protected void reportTracedLeak(String resourceType, String records) {
			LEAKS.add("traced leak of " + resourceType + ": " + records);
			super.reportTracedLeak(resourceType, records);
		}

		@Override
		protected void reportUntracedLeak(String resourceType) {
			LEAKS.add("untraced leak of " + resourceType);
			super.reportUntracedLeak(resourceType);
		}

	}

}
