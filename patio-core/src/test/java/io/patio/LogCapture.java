package io.patio;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Takes the log lines a test provokes on purpose out of the build's output and keeps them
 * for the test to assert on: a clean run looks clean. Only lines that match are taken;
 * every other line is logged as usual.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.of(LogCapture.from(PeriodicTask.class))) {
 * 	...
 * 	assertThat(logs.entries()).anyMatch(...);
 * }
 * }</pre>
 */
public final class LogCapture extends TurboFilter implements AutoCloseable {

	private final Predicate<Entry> expected;

	private final List<Entry> entries = new CopyOnWriteArrayList<>();

	private LogCapture(Predicate<Entry> expected) {
		this.expected = expected;
	}

	/** Starts capturing the lines that match {@code expected}. */
	public static LogCapture of(Predicate<Entry> expected) {
		LogCapture capture = new LogCapture(expected);
		capture.start();
		context().addTurboFilter(capture);
		return capture;
	}

	/** Lines of the logger of {@code type}, at WARN or above. */
	public static Predicate<Entry> from(Class<?> type) {
		return (entry) -> entry.logger().equals(type.getName()) && entry.level().isGreaterOrEqual(Level.WARN);
	}

	/** Lines of loggers whose name starts with {@code prefix}, at WARN or above. */
	public static Predicate<Entry> fromPackage(String prefix) {
		return (entry) -> entry.logger().startsWith(prefix) && entry.level().isGreaterOrEqual(Level.WARN);
	}

	/** The lines taken so far. */
	public List<Entry> entries() {
		return this.entries;
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable error) {
		if (format == null || !logger.isEnabledFor(level)) {
			return FilterReply.NEUTRAL;
		}
		Throwable thrown = error;
		if (thrown == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable t) {
			thrown = t;
		}
		Entry entry = new Entry(logger.getName(), level, format, thrown);
		if (this.expected.test(entry)) {
			this.entries.add(entry);
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

	@Override
	public void close() {
		context().getTurboFilterList().remove(this);
		stop();
	}

	private static LoggerContext context() {
		return (LoggerContext) LoggerFactory.getILoggerFactory();
	}

	/**
	 * A captured line: its logger, level, unformatted message and throwable (never
	 * formatted here: a throwable may fail when asked for its message).
	 */
	public record Entry(String logger, Level level, String format, Throwable error) {

		/** Whether the line carries a throwable of {@code type}, or one caused by it. */
		public boolean hasError(Class<? extends Throwable> type) {
			for (Throwable t = this.error; t != null; t = t.getCause()) {
				if (type.isInstance(t)) {
					return true;
				}
				if (t.getCause() == t) {
					break;
				}
			}
			return false;
		}

		@Override
		public String toString() {
			return this.level + " " + this.logger + " - " + this.format
					+ ((this.error != null) ? " [" + this.error.getClass().getName() + "]" : "");
		}

	}

}
