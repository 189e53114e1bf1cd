package io.patio.broker.tcp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.patio.LogCapture;
import io.patio.call.PeriodicTask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/**
 * {@link AnswerBatch} writes every answer even when handing a drain to the event loop
 * throws.
 */
class AnswerBatchTests {

	private final ExecutorService loop = Executors.newSingleThreadExecutor();

	private final List<Integer> written = new CopyOnWriteArrayList<>();

	@AfterEach
	void shutDown() {
		this.loop.shutdownNow();
	}

	@Test
	void answersFinishedWhenTheEventLoopRefusedADrainAreWrittenWithoutAnotherAnswer() {
		AtomicInteger refusals = new AtomicInteger(1);
		AnswerBatch<Integer> batch = new AnswerBatch<>("refused once", (task) -> {
			if (refusals.getAndDecrement() > 0) {
				throw new OutOfMemoryError("thrown on purpose while the drain is handed over");
			}
			this.loop.execute(task);
		}, this.written::add, () -> true);
		assertThatCode(() -> batch.add(1)).doesNotThrowAnyException();
		// no other answer comes: the one finished is written all the same
		await().atMost(Duration.ofSeconds(10)).until(() -> this.written.equals(List.of(1)));
		batch.add(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.written.equals(List.of(1, 2)));
		assertThat(refusals.get()).isNegative();
		assertThat(batch.isRetrying()).isFalse();
	}

	@Test
	void theNextAnswerHandsADrainOverAfterAFailedOne() {
		AtomicInteger refusals = new AtomicInteger(1);
		AnswerBatch<Integer> batch = new AnswerBatch<>("refused once", (task) -> {
			if (refusals.getAndDecrement() > 0) {
				throw new RejectedExecutionException("thrown on purpose");
			}
			this.loop.execute(task);
		}, this.written::add, () -> true);
		batch.add(1);
		batch.add(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.written.size() == 2);
		assertThat(this.written).containsExactly(1, 2);
	}

	@Test
	void answersOfAClosedConnectionWhoseLoopRefusesWorkAreNotRetriedForever() {
		AtomicBoolean open = new AtomicBoolean(true);
		AtomicInteger attempts = new AtomicInteger();
		try (LogCapture logs = LogCapture.of(LogCapture.from(PeriodicTask.class))) {
			AnswerBatch<Integer> batch = new AnswerBatch<>("refusing", (task) -> {
				attempts.incrementAndGet();
				throw new RejectedExecutionException("thrown on purpose");
			}, this.written::add, open::get);
			batch.add(1);
			// the retry goes on while the connection is open
			await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 3);
			open.set(false);
			await().atMost(Duration.ofSeconds(10)).until(() -> !batch.isRetrying());
			assertThat(this.written).isEmpty();
			assertThat(logs.entries()).anyMatch((entry) -> entry.hasError(RejectedExecutionException.class));
		}
	}

}
