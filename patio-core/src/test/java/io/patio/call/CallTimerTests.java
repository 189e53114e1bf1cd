package io.patio.call;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One call's timeout on the call timer: it fires once, unless cancelled first. */
class CallTimerTests {

	@Test
	void aTimeoutFiresOnTheTimersThreadAfterItsDelay() throws Exception {
		CompletableFuture<String> fired = new CompletableFuture<>();
		long start = System.nanoTime();
		CallTimer.schedule(() -> fired.complete(Thread.currentThread().getName()), TimeUnit.MILLISECONDS.toNanos(30));
		assertThat(fired.get(10, TimeUnit.SECONDS)).isEqualTo("patio-timer");
		// never before its delay
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
	}

	@Test
	void aCancelledTimeoutNeverFiresAndCancellingTwiceOrLateDoesNothing() throws Exception {
		AtomicInteger cancelledRuns = new AtomicInteger();
		CallTimer.Timeout cancelled = CallTimer.schedule(cancelledRuns::incrementAndGet,
				TimeUnit.MILLISECONDS.toNanos(20));
		cancelled.cancel();
		cancelled.cancel();
		// a later timeout has fired: the cancelled one, due before it, would have too
		CountDownLatch later = new CountDownLatch(1);
		CallTimer.Timeout fired = CallTimer.schedule(later::countDown, TimeUnit.MILLISECONDS.toNanos(60));
		assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
		fired.cancel();
		assertThat(cancelledRuns).hasValue(0);
	}

	@Test
	void aTimeoutThatThrowsLeavesTheTimerRunning() throws Exception {
		CallTimer.schedule(() -> {
			throw new IllegalStateException("a task's own failure");
		}, 0);
		CountDownLatch next = new CountDownLatch(1);
		CallTimer.schedule(next::countDown, TimeUnit.MILLISECONDS.toNanos(10));
		assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
	}

}
