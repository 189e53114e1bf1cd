package io.patio.benchmarks;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Keeps a fixed number of calls in flight: each completion starts the next call. Latency
 * is recorded per call in an HdrHistogram; throughput is the calls completed in the
 * measured window divided by its length.
 */
final class ClosedLoop {

	private final Load load;

	private final int inFlight;

	/**
	 * Latencies up to this are recorded as they are; a longer one, which no run's calls
	 * come near (their timeouts are shorter, and a call that times out fails the run), as
	 * this, so that recording it cannot throw.
	 */
	private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);

	/**
	 * Of a fixed range: a recorder that resizes hands out a smaller histogram at each
	 * interval, and the first calls recorded into it after the window opens failed
	 * compiled code's range checks, which threw the JIT's code for the whole completion
	 * path away inside the window.
	 */
	private final Recorder recorder = new Recorder(1, HIGHEST_NANOS, 3);

	private final LongAdder completed = new LongAdder();

	private final LongAdder errors = new LongAdder();

	/** Slots the driver started; each ends by counting down {@link #stopped} once. */
	private final LongAdder started = new LongAdder();

	private final AtomicReference<Throwable> firstError = new AtomicReference<>();

	private final CountDownLatch stopped;

	private volatile boolean stopping;

	private ClosedLoop(Load load, int inFlight) {
		this.load = load;
		this.inFlight = inFlight;
		this.stopped = new CountDownLatch(inFlight);
	}

	/** Runs the load through a warm-up and then a measured window. */
	static Measurement run(Load load, int inFlight, Duration warmup, Duration window) throws InterruptedException {
		// One call first, untimed, whatever the load: a server's first call loads its
		// classes, which on a busy machine can outlast a short window.
		Object expected = load.expected();
		Object actual = load.call().orTimeout(30, TimeUnit.SECONDS).join();
		if (expected != null && !Objects.equals(expected, actual)) {
			throw new IllegalStateException("Load returned " + actual + ", expected " + expected);
		}
		ClosedLoop loop = new ClosedLoop(load, inFlight);
		// A driver thread starts the calls: a load whose calls complete on the calling
		// thread
		// keeps it busy until the window closes, and this thread must stay free to close
		// it.
		Thread driver = new Thread(() -> {
			for (int i = 0; i < inFlight && !loop.stopping; i++) {
				// counted here, once per slot: issue() runs again for every call a
				// completion starts
				loop.started.increment();
				loop.issue();
			}
		}, "bench-driver");
		driver.setDaemon(true);
		driver.start();
		// The warm-up takes an interval reading halfway, as the window will at its start,
		// so that the code which records into a fresh interval is warm too.
		Thread.sleep(warmup.toMillis() / 2);
		loop.recorder.getIntervalHistogram();
		Thread.sleep(warmup.toMillis() - warmup.toMillis() / 2);
		// Calls are recorded from the first one on, and the window is the difference of
		// two readings. A flag that turned recording on as the window opened changed the
		// path every completion takes just then: the JIT threw its compiled code for that
		// path away inside the window (-XX:+LogCompilation showed the traps) and the
		// in-memory rows then ran at 3.5 or at 6 million calls/s from one fork to the
		// next.
		loop.recorder.getIntervalHistogram();
		// read right before the clock: taking the interval above may wait a little for
		// threads still recording, and calls finished meanwhile must not count
		long before = loop.completed.sum();
		long start = System.nanoTime();
		Thread.sleep(window.toMillis());
		long calls = loop.completed.sum() - before;
		long elapsed = System.nanoTime() - start;
		Histogram histogram = loop.recorder.getIntervalHistogram();
		loop.stopping = true;
		driver.join(TimeUnit.SECONDS.toMillis(60));
		// Slots the driver never started count as stopped.
		for (long i = loop.started.sum(); i < inFlight; i++) {
			loop.stopped.countDown();
		}
		if (!loop.stopped.await(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Calls still in flight 60 s after the window closed");
		}
		if (loop.errors.sum() > 0) {
			throw new IllegalStateException(loop.errors.sum() + " calls failed", loop.firstError.get());
		}
		return new Measurement(calls * 1e9 / elapsed, histogram);
	}

	private void issue() {
		while (true) {
			long start = System.nanoTime();
			CompletableFuture<?> call = this.load.call();
			if (!call.isDone()) {
				call.whenComplete((result, error) -> {
					done(start, error);
					if (this.stopping) {
						this.stopped.countDown();
					}
					else {
						issue();
					}
				});
				return;
			}
			// Completed on this thread: loop instead of recursing.
			Throwable error = call.isCompletedExceptionally() ? call.handle((r, e) -> e).join() : null;
			done(start, error);
			if (this.stopping) {
				this.stopped.countDown();
				return;
			}
		}
	}

	private void done(long start, Throwable error) {
		long nanos = System.nanoTime() - start;
		if (error != null) {
			this.errors.increment();
			this.firstError.compareAndSet(null, error);
			return;
		}
		this.recorder.recordValue(Math.min(Math.max(nanos, 1), HIGHEST_NANOS));
		this.completed.increment();
	}

	/** Throughput and latency of one measured window. */
	record Measurement(double callsPerSecond, Histogram latencyNanos) {

		double micros(double percentile) {
			return this.latencyNanos.getValueAtPercentile(percentile) / 1000.0;
		}

	}

}
