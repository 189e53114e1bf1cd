package io.patio.executor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/** Tasks that wait for the test to let them go, so tests can hold calls in flight. */
public class GateTasks {

	/** Released once per call that has started. */
	public final Semaphore started = new Semaphore(0);

	public final CountDownLatch gate = new CountDownLatch(1);

	/** Counted down when a blocked task sees its interrupt. */
	public final CountDownLatch interrupted = new CountDownLatch(1);

	final ConcurrentLinkedQueue<CompletableFuture<Integer>> stages = new ConcurrentLinkedQueue<>();

	public int hold(int x) throws InterruptedException {
		this.started.release();
		try {
			this.gate.await();
		}
		catch (InterruptedException ex) {
			this.interrupted.countDown();
			throw ex;
		}
		return x;
	}

	/**
	 * Busy for {@code micros}, ignoring interrupts: a task a timeout cannot stop early.
	 */
	public int spin(int micros) {
		long end = System.nanoTime() + micros * 1000L;
		while (System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
		return micros;
	}

	/** Busy for {@code micros}; whether its thread was interrupted meanwhile. */
	public boolean interruptedWhile(int micros) {
		spin(micros);
		return Thread.currentThread().isInterrupted();
	}

	public CompletionStage<Integer> later(int x) {
		CompletableFuture<Integer> stage = new CompletableFuture<>();
		this.stages.add(stage);
		this.started.release();
		return stage;
	}

	/**
	 * {@link #later}, declared as {@code Object}: the executor must still find the stage.
	 */
	public Object laterUntyped(int x) {
		return later(x);
	}

	public CompletionStage<Integer> now(int x) {
		return CompletableFuture.completedFuture(x);
	}

}
