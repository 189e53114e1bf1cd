package io.patio.broker.tcp;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpinThenSelectTests {

	private final AtomicInteger polls = new AtomicInteger();

	private int ready;

	private int poll() {
		this.polls.incrementAndGet();
		return this.ready;
	}

	@Test
	void readyEventsAndTasksAreHandledAtOnce() throws Exception {
		SpinThenSelect strategy = new SpinThenSelect(Long.MAX_VALUE);
		this.ready = 3;
		assertThat(strategy.calculateStrategy(this::poll, false)).isEqualTo(3);
		this.ready = 0;
		assertThat(strategy.calculateStrategy(this::poll, true)).isZero();
		assertThat(this.polls).hasValue(2);
	}

	@Test
	void withNothingToDoItPollsWithoutBlockingWithinTheWindow() throws Exception {
		SpinThenSelect strategy = new SpinThenSelect(Long.MAX_VALUE);
		for (int i = 0; i < 1000; i++) {
			assertThat(strategy.calculateStrategy(this::poll, false)).isZero();
		}
		assertThat(this.polls).hasValue(1000);
	}

	@Test
	void afterTheWindowItBlocksAndAfterWorkItPollsAgain() throws Exception {
		SpinThenSelect strategy = new SpinThenSelect(1);
		int result;
		int spins = 0;
		while ((result = strategy.calculateStrategy(this::poll, false)) == 0) {
			spins++;
			assertThat(spins).as("the window of 1 ns ends").isLessThan(1_000_000);
		}
		assertThat(result).isEqualTo(SelectStrategy.SELECT);
		// once woken, an idle loop starts a new window before it blocks again
		this.ready = 1;
		assertThat(strategy.calculateStrategy(this::poll, false)).isEqualTo(1);
		this.ready = 0;
		assertThat(strategy.calculateStrategy(this::poll, false)).isZero();
	}

}
