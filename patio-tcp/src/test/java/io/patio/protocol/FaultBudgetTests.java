package io.patio.protocol;

import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** One budget, many fault logs: 20 warning lines per 10 s in all, then a count. */
class FaultBudgetTests {

	@Test
	void fourLogsOnOneBudgetWriteTwentyWarningsPerWindowAndReportTheSuppressedCountInTheNext() {
		AtomicLong now = new AtomicLong(1_000);
		FaultBudget budget = new FaultBudget(now::get);
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		FaultLog[] logs = new FaultLog[4];
		for (int i = 0; i < logs.length; i++) {
			Logger logger = (Logger) LoggerFactory.getLogger("io.patio.test.FaultBudgetTests.log" + i);
			logger.setAdditive(false);
			logger.setLevel(Level.DEBUG);
			logger.addAppender(lines);
			logs[i] = new FaultLog(logger, budget);
		}
		for (int i = 0; i < 100; i++) {
			logs[i % 4].closing("peer-" + i, "fault " + i);
		}
		assertThat(lines.list.stream().filter((event) -> event.getLevel() == Level.WARN)).hasSize(20);
		assertThat(lines.list.stream().filter((event) -> event.getLevel() == Level.DEBUG)).hasSize(80);
		// still inside the window: nothing more gets through
		now.addAndGet(FaultBudget.WINDOW.toNanos() - 1);
		logs[0].closing("late", "fault in the same window");
		assertThat(lines.list.get(lines.list.size() - 1).getLevel()).isEqualTo(Level.DEBUG);
		// the next window: the first line carries the count of what was suppressed
		now.addAndGet(1);
		logs[1].closing("next", "first fault of the next window");
		ILoggingEvent next = lines.list.get(lines.list.size() - 1);
		assertThat(next.getLevel()).isEqualTo(Level.WARN);
		assertThat(next.getFormattedMessage())
			.isEqualTo("Closing connection to next: first fault of the next window (81 similar messages suppressed)");
		logs[2].closing("again", "second fault of the next window");
		assertThat(lines.list.get(lines.list.size() - 1).getFormattedMessage())
			.isEqualTo("Closing connection to again: second fault of the next window");
	}

}
