package io.patio.call;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallRequestTest {

	@Test
	void aLongBudgetWaitsForItsClockAndKeepsAllOfItUntilThen() {
		CallRequest request = CallRequest.of("t", null, null, Duration.ofSeconds(30), null);
		assertThat(request.hasDeadline()).isTrue();
		assertThat(request.isLazy()).isTrue();
		assertThat(request.remainingNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
		assertThat(request.isExpired()).isFalse();
		CallRequest started = request.startClock();
		assertThat(started.isLazy()).isFalse();
		assertThat(started.remainingNanos()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30).toNanos());
		assertThat(started.startClock()).isSameAs(started);
		assertThat(request.withHeaders(Map.of("h", "v")).lazyBudget()).isEqualTo(request.lazyBudget());
	}

	@Test
	void aShortBudgetStartsAtOnce() {
		CallRequest request = CallRequest.of("t", null, null, Duration.ofMillis(CallRequest.LAZY_MILLIS - 1), null);
		assertThat(request.isLazy()).isFalse();
		assertThat(request.remainingNanos()).isLessThan(Duration.ofMillis(CallRequest.LAZY_MILLIS).toNanos());
		assertThat(CallRequest.of("t", null, null, Duration.ofNanos(1), null).isExpired()).isTrue();
	}

	@Test
	void noBudgetNeverExpires() {
		for (Duration none : new Duration[] { null, Duration.ZERO, Duration.ofSeconds(-1) }) {
			CallRequest request = CallRequest.of("t", null, null, none, null);
			assertThat(request.hasDeadline()).isFalse();
			assertThat(request.isLazy()).isFalse();
			assertThat(request.isExpired()).isFalse();
			assertThat(request.remainingNanos()).isEqualTo(Long.MAX_VALUE);
			assertThat(request.startClock()).isSameAs(request);
		}
	}

}
