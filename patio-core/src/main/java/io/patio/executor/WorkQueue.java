package io.patio.executor;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pool's queue: at most {@code capacity} calls that no worker has taken yet,
 * held in a {@link LinkedTransferQueue}.
 * <p>
 * Why not an {@link java.util.concurrent.ArrayBlockingQueue}: its one lock is taken by
 * the event loop for every call it queues and by every worker for every call it takes,
 * and it signals a parked worker on every offer even while another is about to take the
 * call. A transfer queue hands a call to a waiting worker directly, and a worker that
 * finds it empty spins briefly before it parks, so that under load the workers park, and
 * are woken, less often. The interleaved runs that kept it are in
 * {@code docs/benchmarks.md}.
 * <p>
 * The transfer queue has no bound of its own: {@link #count} is the bound, raised before
 * a call goes in (and lowered again when that would pass the capacity) and lowered once
 * for each call taken out, by whichever method takes it. So it never holds more than
 * {@code capacity} calls, and {@link #size()} reads the count instead of walking the
 * nodes.
 */
final class WorkQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

	private final LinkedTransferQueue<Runnable> calls = new LinkedTransferQueue<>();

	private final AtomicInteger count = new AtomicInteger();

	private final int capacity;

	WorkQueue(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
		}
		this.capacity = capacity;
	}

	@Override
	public boolean offer(Runnable call) {
		Objects.requireNonNull(call, "call");
		int queued;
		do {
			queued = this.count.get();
			if (queued >= this.capacity) {
				return false;
			}
		}
		while (!this.count.compareAndSet(queued, queued + 1));
		this.calls.offer(call);
		return true;
	}

	@Override
	public boolean offer(Runnable call, long timeout, TimeUnit unit) {
		return offer(call); // the pool never waits for room: a full queue rejects
	}

	@Override
	public void put(Runnable call) {
		throw new UnsupportedOperationException("a full queue rejects; nothing waits for room");
	}

	@Override
	public Runnable take() throws InterruptedException {
		return taken(this.calls.take());
	}

	@Override
	public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
		return taken(this.calls.poll(timeout, unit));
	}

	@Override
	public Runnable poll() {
		return taken(this.calls.poll());
	}

	@Override
	public Runnable peek() {
		return this.calls.peek();
	}

	@Override
	public boolean remove(Object call) {
		if (this.calls.remove(call)) {
			this.count.decrementAndGet();
			return true;
		}
		return false;
	}

	@Override
	public int size() {
		return this.count.get();
	}

	@Override
	public boolean isEmpty() {
		return this.calls.isEmpty();
	}

	@Override
	public int remainingCapacity() {
		return this.capacity - size();
	}

	@Override
	public int drainTo(Collection<? super Runnable> sink) {
		return drainTo(sink, Integer.MAX_VALUE);
	}

	@Override
	public int drainTo(Collection<? super Runnable> sink, int maxElements) {
		int drained = 0;
		Runnable call;
		while (drained < maxElements && (call = poll()) != null) {
			sink.add(call);
			drained++;
		}
		return drained;
	}

	/** The calls queued now, oldest first; removing through it frees their room. */
	@Override
	public Iterator<Runnable> iterator() {
		Iterator<Runnable> queued = this.calls.iterator();
		return new Iterator<>() {

			@Override
			public boolean hasNext() {
				return queued.hasNext();
			}

			private Runnable last;

			@Override
			public Runnable next() {
				this.last = queued.next();
				return this.last;
			}

			/** Removes the last call returned unless a worker took it meanwhile. */
			@Override
			public void remove() {
				if (this.last == null) {
					throw new IllegalStateException("next() first");
				}
				WorkQueue.this.remove(this.last);
				this.last = null;
			}

		};
	}

	private Runnable taken(Runnable call) {
		if (call != null) {
			this.count.decrementAndGet();
		}
		return call;
	}

}
