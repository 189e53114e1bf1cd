package io.patio.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The thread pool's {@link WorkQueue}: against a bounded FIFO model one operation at a
 * time, and under concurrent producers and consumers, where its count is the bound.
 */
class WorkQueueTests {

	/** What one step of a generated run does. */
	enum Step {

		OFFER, POLL, TIMED_POLL, DRAIN_SOME, REMOVE_ONE, ITERATOR_REMOVE

	}

	@Provide
	Arbitrary<List<Step>> runs() {
		return Arbitraries.of(Step.class).list().ofMaxSize(60);
	}

	@Property(tries = 500)
	void behavesAsABoundedFifo(@ForAll @IntRange(min = 1, max = 6) int capacity, @ForAll("runs") List<Step> steps)
			throws InterruptedException {
		WorkQueue queue = new WorkQueue(capacity);
		ArrayDeque<Runnable> model = new ArrayDeque<>();
		int made = 0;
		for (Step step : steps) {
			switch (step) {
				case OFFER -> {
					Runnable call = new Named(made++);
					boolean room = model.size() < capacity;
					assertThat(queue.offer(call)).isEqualTo(room);
					if (room) {
						model.addLast(call);
					}
				}
				case POLL -> assertThat(queue.poll()).isSameAs(model.pollFirst());
				case TIMED_POLL -> assertThat(queue.poll(0, TimeUnit.NANOSECONDS)).isSameAs(model.pollFirst());
				case DRAIN_SOME -> {
					List<Runnable> drained = new ArrayList<>();
					int expected = Math.min(2, model.size());
					assertThat(queue.drainTo(drained, 2)).isEqualTo(expected);
					for (Runnable call : drained) {
						assertThat(call).isSameAs(model.pollFirst());
					}
				}
				case REMOVE_ONE -> {
					Runnable last = model.peekLast();
					assertThat(queue.remove((last != null) ? last : new Named(-1))).isEqualTo(last != null);
					model.pollLast();
				}
				case ITERATOR_REMOVE -> {
					Iterator<Runnable> calls = queue.iterator();
					if (calls.hasNext()) {
						assertThat(calls.next()).isSameAs(model.peekFirst());
						calls.remove();
						model.pollFirst();
					}
				}
			}
			assertThat(queue.size()).isEqualTo(model.size());
			assertThat(queue.isEmpty()).isEqualTo(model.isEmpty());
			assertThat(queue.remainingCapacity()).isEqualTo(capacity - model.size());
			assertThat(queue.toArray()).containsExactly(model.toArray());
		}
	}

	@Test
	void refusesNoRoomAtAll() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkQueue(0)).withMessageContaining("at least 1");
	}

	/**
	 * Producers offer into a small queue while consumers take: every call accepted is
	 * taken exactly once, none is lost or duplicated, the queue never reports more than
	 * its capacity, and it ends empty with its whole capacity free.
	 */
	@Test
	void concurrentOffersAndTakesKeepTheBoundAndEveryCall() throws Exception {
		int capacity = 8;
		int producers = 3;
		int perProducer = 20_000;
		WorkQueue queue = new WorkQueue(capacity);
		Set<Runnable> taken = ConcurrentHashMap.newKeySet();
		AtomicInteger accepted = new AtomicInteger();
		AtomicInteger overCapacity = new AtomicInteger();
		AtomicInteger duplicates = new AtomicInteger();
		Runnable poison = new Named(-1);
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int base = p * perProducer;
			threads.add(new Thread(() -> {
				await(start);
				for (int i = 0; i < perProducer; i++) {
					if (queue.offer(new Named(base + i))) {
						accepted.incrementAndGet();
					}
					if (queue.size() > capacity) {
						overCapacity.incrementAndGet();
					}
				}
			}));
		}
		List<Thread> consumers = new ArrayList<>();
		for (int c = 0; c < 2; c++) {
			Thread consumer = new Thread(() -> {
				await(start);
				try {
					for (Runnable call; (call = queue.take()) != poison;) {
						if (!taken.add(call)) {
							duplicates.incrementAndGet();
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			consumer.setDaemon(true); // a broken queue may leave it waiting
			consumers.add(consumer);
		}
		threads.forEach(Thread::start);
		consumers.forEach(Thread::start);
		start.countDown();
		for (Thread producer : threads) {
			producer.join();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		for (int c = 0; c < consumers.size(); c++) {
			while (!queue.offer(poison)) {
				// the consumers are draining it, unless taking frees no room
				assertThat(System.nanoTime() - deadline).as("room for the consumers' stop").isNegative();
				Thread.onSpinWait();
			}
		}
		for (Thread consumer : consumers) {
			consumer.join(TimeUnit.SECONDS.toMillis(30));
			assertThat(consumer.isAlive()).isFalse();
		}
		assertThat(accepted.get()).isPositive();
		assertThat(taken).hasSize(accepted.get());
		assertThat(duplicates.get()).isZero();
		assertThat(overCapacity.get()).isZero();
		assertThat(queue.size()).isZero();
		assertThat(queue.remainingCapacity()).isEqualTo(capacity);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A call told apart by its number, for the assertions' messages. */
	private record Named(int number) implements Runnable {

		@Override
		public void run() {
		}

	}

}
