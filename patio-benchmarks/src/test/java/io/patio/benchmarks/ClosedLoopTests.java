package io.patio.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The closed loop's end: it must return once every slot it started has stopped, also when
 * the window closes before the driver started them all (a loaded machine, many calls in
 * flight), while the slots it did start have each made many calls.
 */
class ClosedLoopTests {

	@Test
	void endsWhenTheWindowClosesBeforeEverySlotStarted() throws Exception {
		ExecutorService completer = Executors.newCachedThreadPool();
		try (Load load = new SlowDriverLoad(completer)) {
			long started = System.nanoTime();
			assertThatCode(() -> ClosedLoop.run(load, 3, Duration.ZERO, Duration.ofMillis(200)))
				.doesNotThrowAnyException();
			// without the slot it never started counted as stopped, it waited 60 s
			assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(30));
		}
		finally {
			completer.shutdownNow();
		}
	}

	/**
	 * Its first call from the driver answers on another thread (so that the slot goes on
	 * there, a call per completion); its later calls from the driver answer at once, so
	 * the driver's second slot keeps it busy until the window closes, and its third is
	 * never started.
	 */
	private static final class SlowDriverLoad implements Load {

		private final ExecutorService completer;

		private int driverCalls;

		SlowDriverLoad(ExecutorService completer) {
			this.completer = completer;
		}

		@Override
		public CompletableFuture<?> call() {
			if (Thread.currentThread().getName().equals("bench-driver") && this.driverCalls++ > 0) {
				return CompletableFuture.completedFuture(42);
			}
			CompletableFuture<Integer> answer = new CompletableFuture<>();
			this.completer.execute(() -> {
				// answered only once the loop waits for it, so that it goes on here
				while (answer.getNumberOfDependents() == 0) {
					Thread.onSpinWait();
				}
				answer.complete(42);
			});
			return answer;
		}

		@Override
		public Object expected() {
			return 42;
		}

		@Override
		public void close() {
		}

	}

}
