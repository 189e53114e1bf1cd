package io.patio.executor.process;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.patio.executor.PatioCall;
import io.patio.executor.process.WorkerProcess.State;

/**
 * The workers of a {@link ProcessPoolPatioExecutor} by slot, and the calls waiting for
 * one: which worker takes the next call (the least busy ready one with room, the first
 * slot on a tie), and where a call is. Guarded by the pool's lock: every method is called
 * with it held.
 */
final class WorkerSlots {

	/** A call given to a worker, to send once out of the lock. */
	record Sending(PatioCall call, WorkerProcess worker) {

	}

	/** The worker of each slot, or {@code null} while it is being replaced. */
	private final WorkerProcess[] slots;

	/** Calls waiting for a free worker. */
	private final ArrayDeque<PatioCall> queue = new ArrayDeque<>();

	private final int tasksPerWorker;

	private final long recycleAfter;

	WorkerSlots(ProcessPoolOptions options) {
		this.slots = new WorkerProcess[options.getMaxWorkers()];
		this.tasksPerWorker = options.getTasksPerWorker();
		this.recycleAfter = options.getRecycleAfter();
	}

	int size() {
		return this.slots.length;
	}

	WorkerProcess get(int slot) {
		return this.slots[slot];
	}

	void put(WorkerProcess worker) {
		this.slots[worker.slot] = worker;
	}

	/** Empties the worker's slot; returns whether it was still there. */
	boolean remove(WorkerProcess worker) {
		if (this.slots[worker.slot] != worker) {
			return false;
		}
		this.slots[worker.slot] = null;
		return true;
	}

	int readyCount() {
		int ready = 0;
		for (WorkerProcess worker : this.slots) {
			if (worker != null && worker.state == State.READY) {
				ready++;
			}
		}
		return ready;
	}

	/**
	 * Calls in the queue. A call its caller cancelled stays there until a worker would
	 * take it, as in the thread pool's queue; one that timed out leaves at once.
	 */
	int waiting() {
		return this.queue.size();
	}

	/** Calls on the workers. */
	int active() {
		int active = 0;
		for (WorkerProcess worker : this.slots) {
			if (worker != null) {
				active += worker.inFlight.size();
			}
		}
		return active;
	}

	/**
	 * Queues a call, unless no worker has room and {@code capacity} calls wait already;
	 * returns whether it was queued. With a capacity of 0 a call is taken only by a free
	 * worker, as the thread pool's hand-off does.
	 */
	boolean offer(PatioCall call, int capacity) {
		if (leastBusy() == null && waiting() >= capacity) {
			return false;
		}
		this.queue.add(call);
		return true;
	}

	private WorkerProcess leastBusy() {
		WorkerProcess best = null;
		for (WorkerProcess worker : this.slots) {
			if (worker != null && worker.hasRoom(this.tasksPerWorker)
					&& (best == null || worker.inFlight.size() < best.inFlight.size())) {
				best = worker;
			}
		}
		return best;
	}

	/** Assigns queued calls to ready workers with room. */
	List<Sending> drain() {
		List<Sending> assigned = null;
		while (!this.queue.isEmpty()) {
			WorkerProcess best = leastBusy();
			if (best == null) {
				break;
			}
			PatioCall call = this.queue.poll();
			if (call.isDone()) {
				continue; // cancelled by its caller
			}
			best.inFlight.add(call);
			best.assigned++;
			if (this.recycleAfter > 0 && best.assigned >= this.recycleAfter) {
				best.state = State.RECYCLING;
			}
			if (assigned == null) {
				assigned = new ArrayList<>();
			}
			assigned.add(new Sending(call, best));
		}
		return (assigned != null) ? assigned : List.of();
	}

	/** Takes every queued call out of the queue. */
	List<PatioCall> takeQueued() {
		List<PatioCall> queued = new ArrayList<>(this.queue);
		this.queue.clear();
		return queued;
	}

	/** Every queued call, taken out of the queue, and every call on a worker. */
	List<PatioCall> takeAll() {
		List<PatioCall> all = takeQueued();
		for (WorkerProcess worker : this.slots) {
			if (worker != null) {
				all.addAll(worker.inFlight);
			}
		}
		return all;
	}

	/**
	 * The worker a call is on, or {@code null} (the call is then taken out of the queue).
	 */
	WorkerProcess holderOf(PatioCall call) {
		for (WorkerProcess worker : this.slots) {
			if (worker != null && worker.inFlight.contains(call)) {
				return worker;
			}
		}
		this.queue.remove(call);
		return null;
	}

	/** Adds the calls that are {@code overdue}: those queued, and those on a worker. */
	void collectOverdue(Predicate<PatioCall> overdue, List<PatioCall> queued, List<Sending> running) {
		for (PatioCall call : this.queue) {
			if (!call.isDone() && overdue.test(call)) {
				queued.add(call);
			}
		}
		for (WorkerProcess worker : this.slots) {
			if (worker != null) {
				for (PatioCall call : worker.inFlight) {
					if (!call.isDone() && overdue.test(call)) {
						running.add(new Sending(call, worker));
					}
				}
			}
		}
	}

	/** The live workers, in slot order. */
	List<WorkerStatus> statuses() {
		List<WorkerStatus> statuses = new ArrayList<>();
		Instant now = Instant.now();
		for (WorkerProcess worker : this.slots) {
			if (worker != null) {
				statuses.add(worker.status(now));
			}
		}
		return statuses;
	}

	/** Marks every live worker as stopping, and returns them. */
	List<WorkerProcess> stopping() {
		List<WorkerProcess> workers = new ArrayList<>();
		for (WorkerProcess worker : this.slots) {
			if (worker != null) {
				worker.state = State.STOPPING;
				workers.add(worker);
			}
		}
		return workers;
	}

}
