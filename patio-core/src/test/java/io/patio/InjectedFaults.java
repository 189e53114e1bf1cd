package io.patio;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.patio.call.PeriodicTask;

/**
 * Makes chosen periodic tasks throw an {@link OutOfMemoryError}, a given number of times,
 * in their body or while their next run is scheduled; removed on {@link #close()}.
 */
public final class InjectedFaults implements PeriodicTask.FaultInjector, AutoCloseable {

	private final List<Fault> faults = new CopyOnWriteArrayList<>();

	private InjectedFaults() {
	}

	public static InjectedFaults install() {
		InjectedFaults faults = new InjectedFaults();
		PeriodicTask.injectFaults(faults);
		return faults;
	}

	/**
	 * The next {@code times} times a task whose name matches reaches {@code phase}, it
	 * throws an {@link OutOfMemoryError}.
	 */
	public Fault add(Predicate<String> task, PeriodicTask.Phase phase, int times) {
		Fault fault = new Fault(task, phase, times);
		this.faults.add(fault);
		return fault;
	}

	@Override
	public void inject(String taskName, PeriodicTask.Phase phase) {
		for (Fault fault : this.faults) {
			if (fault.phase == phase && fault.task.test(taskName) && fault.left.getAndDecrement() > 0) {
				fault.thrown.incrementAndGet();
				throw new OutOfMemoryError("injected by a test into " + phase + " of '" + taskName + "'");
			}
		}
	}

	@Override
	public void close() {
		PeriodicTask.injectFaults(null);
	}

	/** Faults to throw, and how many were. */
	public static final class Fault {

		private final Predicate<String> task;

		private final PeriodicTask.Phase phase;

		private final AtomicInteger left;

		private final AtomicInteger thrown = new AtomicInteger();

		Fault(Predicate<String> task, PeriodicTask.Phase phase, int times) {
			this.task = task;
			this.phase = phase;
			this.left = new AtomicInteger(times);
		}

		/** How many times it was thrown so far. */
		public int thrown() {
			return this.thrown.get();
		}

	}

}
