package io.patio.executor.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.patio.ConnectionLostException;
import io.patio.NoPeerException;
import io.patio.PatioException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.WorkerDiedException;
import io.patio.broker.loopback.LoopbackTransport;
import io.patio.call.Failures;
import io.patio.executor.ForwardingPatioExecutor;
import io.patio.executor.ExecutorDescription;
import io.patio.executor.ExecutorStats;
import io.patio.executor.PatioCall;
import io.patio.executor.process.WorkerProcess.State;
import io.patio.executor.process.WorkerSlots.Sending;
import io.patio.registry.Registry;

// Longer than 400 lines because it implements every hook of the shared executor
// scaffolding (submit, expiry, interrupt, the shutdown protocol) and the pool's view for
// Actuator (workers, restarts, state), each a short method over the one lock that keeps
// them consistent; launching, each worker process, routing and supervision are already
// classes of their own (WorkerLauncher, WorkerProcess, WorkerSlots, WorkerSupervision).
/**
 * Runs tasks in worker JVMs, for isolation and hard timeouts rather than speed: a task
 * that calls {@code System.exit}, runs out of memory, crashes the JVM or ignores
 * interruption cannot take the application down, and a call past its timeout is really
 * stopped (its worker is killed and replaced).
 * <p>
 * It is a {@link ForwardingPatioExecutor}, on the scaffolding of every executor
 * ({@code AbstractPatioExecutor}), like the thread pool: its calls go through the
 * execution interceptors (observations), its timeouts through the shared sweep, its
 * counters and shutdown are the shared ones, and {@code queue-capacity} means the same:
 * the calls that may wait for a free worker (0: none, a call finds a free worker or is
 * rejected). Each worker ({@code WorkerProcess}) is started by a {@code WorkerLauncher}
 * and linked back over loopback with a random per-pool key ({@link LoopbackTransport}).
 * Calls go to the least busy ready worker, at most {@code tasks per worker} at once each;
 * the rest wait here. Failure semantics:
 * <ul>
 * <li>a call past its deadline fails with {@link TaskTimeoutException} and its worker is
 * killed; the other calls on that worker (only when tasks per worker is above 1) fail
 * with {@link WorkerDiedException};</li>
 * <li>a worker that exits fails its calls with {@link WorkerDiedException} carrying the
 * exit code, and is replaced at once; a worker that dies before it is ready is replaced
 * after an exponential back-off ({@link #getPoolState()} is {@code backing-off});</li>
 * <li>{@link #shutdown} closes the workers' stdin (they stop by themselves), waits
 * {@link ProcessPoolOptions#getStopGrace()}, then kills what is left.</li>
 * </ul>
 * The workers' supervision (readiness, exits, back-off) is {@code WorkerSupervision}, the
 * routing {@code WorkerSlots}.
 */
public final class ProcessPoolPatioExecutor extends ForwardingPatioExecutor implements ExecutorDescription {

	private static final Logger log = LoggerFactory.getLogger(ProcessPoolPatioExecutor.class);

	final ProcessPoolOptions options;

	final WorkerLauncher launcher;

	/** The workers by slot and the calls waiting for one; guarded by this pool's lock. */
	final WorkerSlots slots;

	final WorkerSupervision supervision;

	/**
	 * Set once the calls left at shutdown are failed: their workers are stopped anyway.
	 */
	private boolean abandoning;

	private PoolState state = PoolState.NEW;

	/**
	 * @param registry the tasks the workers run, as the parent knows them (their names
	 * are what brokers advertise); build it with the same {@link RegistryFactory} as the
	 * workers
	 * @param options the workers' count, JVM options, main class and limits
	 * @throws IllegalStateException when no loopback transport ({@code patio-tcp}) is on
	 * the class path
	 */
	public ProcessPoolPatioExecutor(Registry registry, ProcessPoolOptions options) {
		super(registry, options.getMaxWorkers() * options.getTasksPerWorker(), options.getQueueCapacity());
		this.options = options;
		this.launcher = new WorkerLauncher(options, LoopbackTransport.find());
		this.slots = new WorkerSlots(options);
		this.supervision = new WorkerSupervision(this);
	}

	@Override
	public String getType() {
		return "process-pool";
	}

	public ProcessPoolOptions getOptions() {
		return this.options;
	}

	/**
	 * Launches the workers and waits until they are ready, for at most the startup
	 * timeout. Workers that are not ready by then are retried with back-off; calls wait
	 * for them. A call made before {@code start()} starts the pool, as with every
	 * executor.
	 * @throws IllegalStateException when the workers' tasks differ from this registry
	 */
	@Override
	public void start() {
		synchronized (this) {
			if (this.state != PoolState.NEW) {
				return;
			}
			this.state = PoolState.RUNNING;
			super.start();
			for (int slot = 0; slot < this.slots.size(); slot++) {
				this.supervision.launch(slot);
			}
		}
		awaitReady(this.options.getStartupTimeout());
		String mismatch;
		synchronized (this) {
			mismatch = (readyCount() == 0) ? this.supervision.registryMismatch : null;
		}
		if (mismatch != null) {
			// a misconfiguration no restart cures: refuse to start rather than run
			// without workers
			shutdown(Duration.ZERO);
			throw new IllegalStateException("The process-pool executor cannot start: " + mismatch);
		}
	}

	/** Waits until every slot has a ready worker; returns whether they all are. */
	public boolean awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this) {
			while (readyCount() < this.slots.size() && isRunning()
					&& (this.supervision.registryMismatch == null || readyCount() > 0)) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return readyCount() == this.slots.size();
		}
	}

	/** Whether the pool was started and is not shut down; under the lock. */
	boolean isRunning() {
		return this.state == PoolState.RUNNING;
	}

	int readyCount() {
		return this.slots.readyCount();
	}

	// ---- calls

	@Override
	protected void submit(PatioCall call) {
		List<Sending> toSend;
		String mismatch = null;
		synchronized (this) {
			if (this.supervision.registryMismatch != null && readyCount() == 0) {
				mismatch = this.supervision.registryMismatch;
				toSend = List.of();
			}
			else {
				if (!this.slots.offer(call, getQueueCapacity())) {
					throw saturated(call);
				}
				toSend = this.slots.drain();
			}
		}
		if (mismatch != null) {
			reject(call, noWorker(call.getTask().getName(), mismatch));
		}
		send(toSend);
	}

	/** Assigns queued calls to ready workers with room; under the lock. */
	List<Sending> drain() {
		return this.slots.drain();
	}

	void send(List<Sending> assigned) {
		for (Sending sending : assigned) {
			sending.worker()
				.send(requestOf(sending.call()))
				.whenComplete(
						(result, error) -> answered(sending.worker(), sending.call(), result, Failures.unwrap(error)));
		}
	}

	private void answered(WorkerProcess worker, PatioCall call, Object result, Throwable error) {
		if (error instanceof ConnectionLostException || error instanceof ShuttingDownException) {
			// the link broke: no new call may go there, and the process exit fails this
			// one with its exit code
			synchronized (this) {
				if (worker.isServing()) {
					worker.state = State.KILLED;
				}
			}
			this.supervision.killIfStillAlive(worker);
			return;
		}
		if (error instanceof TaskTimeoutException timeout) {
			fail(call, timeout);
			this.supervision.kill(worker, timedOut(call));
		}
		else {
			// an answer, or the task's error (it threw, bad arguments ...): a task done
			synchronized (this) {
				if (!call.isDone()) {
					worker.tasksDone++;
				}
			}
			if (error == null) {
				succeed(call, result);
			}
			else {
				fail(call, error);
			}
		}
		List<Sending> toSend;
		boolean retire;
		synchronized (this) {
			worker.inFlight.remove(call);
			retire = worker.state == State.RECYCLING && worker.inFlight.isEmpty();
			toSend = drain();
			notifyAll();
		}
		if (retire) {
			log.debug("Recycling process-pool worker {} after {} tasks", worker.pid(), worker.assigned);
			this.supervision.stop(worker);
		}
		send(toSend);
	}

	private static String timedOut(PatioCall call) {
		return "call of task '" + call.getTask().getName() + "' passed its timeout";
	}

	/** Fails calls the supervision gives up on, each with its error. */
	void failCalls(List<PatioCall> calls, Function<PatioCall, PatioException> error) {
		for (PatioCall call : calls) {
			fail(call, error.apply(call));
		}
	}

	/** The error of a call while no worker can run it: their registries differ. */
	static NoPeerException noWorker(String task, String reason) {
		return new NoPeerException(task, "No process-pool worker can run task '" + task + "': " + reason);
	}

	@Override
	protected void expireOverdue(long now) {
		List<PatioCall> queued = new ArrayList<>();
		List<Sending> running = new ArrayList<>();
		synchronized (this) {
			this.slots.collectOverdue((call) -> isOverdue(call, now), queued, running);
		}
		for (PatioCall call : queued) {
			String task = call.getTask().getName();
			expire(call, new TaskTimeoutException(task,
					"Task '" + task + "' waited for a free worker past its timeout; raise max-workers or the timeout"));
		}
		for (Sending sending : running) {
			String task = sending.call().getTask().getName();
			expire(sending.call(),
					new TaskTimeoutException(task,
							"Task '" + task + "' did not finish within its timeout; its worker (pid "
									+ sending.worker().pid() + ") was killed"));
		}
	}

	/** A call that timed out: out of the queue, or its worker killed. */
	@Override
	protected void interrupt(PatioCall call) {
		WorkerProcess holder = null;
		synchronized (this) {
			if (this.abandoning) {
				return; // every worker is stopped next
			}
			holder = this.slots.holderOf(call);
			if (holder == null) {
				return; // it was queued
			}
		}
		this.supervision.kill(holder, timedOut(call));
	}

	// ---- shutdown (AbstractPatioExecutor.shutdown drives it)

	@Override
	protected synchronized void stopAccepting() {
		this.state = PoolState.SHUTDOWN;
		notifyAll();
	}

	@Override
	protected synchronized boolean isIdle() {
		return this.slots.waiting() == 0 && this.slots.active() == 0;
	}

	@Override
	protected void failPending() {
		List<PatioCall> leftover = new ArrayList<>();
		synchronized (this) {
			this.abandoning = true;
			leftover.addAll(this.slots.takeAll());
		}
		for (PatioCall call : leftover) {
			fail(call, shutDownWhilePending(call));
		}
	}

	/**
	 * Stops the workers: closes their stdin, waits the stop grace, kills what is left;
	 * returns when no worker process is left.
	 */
	@Override
	protected void terminate() {
		List<WorkerProcess> workers;
		synchronized (this) {
			workers = this.slots.stopping();
		}
		workers.forEach(WorkerProcess::askToStop);
		long stopDeadline = System.nanoTime() + this.options.getStopGrace().toNanos();
		for (WorkerProcess worker : workers) {
			worker.stopWithin(Math.max(0, stopDeadline - System.nanoTime()));
		}
		this.supervision.close();
	}

	// ---- what it shows

	/** Results come back from the workers as decoded trees. */
	@Override
	public boolean deliversTrees() {
		return true;
	}

	@Override
	public synchronized long getPendingCount() {
		return this.slots.waiting() + this.slots.active();
	}

	@Override
	public synchronized ExecutorStats getStats() {
		return new ExecutorStats(getType(), getMaxWorkers(), this.slots.active(), this.slots.waiting(),
				getQueueCapacity(), completedCount(), failedCount(), rejectedCount(), isShutdown());
	}

	/** The live workers, in slot order. */
	public synchronized List<WorkerStatus> getWorkers() {
		return this.slots.statuses();
	}

	/**
	 * Workers that died while serving and were replaced (recycling and startup failures
	 * excluded).
	 */
	public synchronized long getRestarts() {
		return this.supervision.restarts;
	}

	/**
	 * Workers in a row that died or timed out before they were ready; 0 once one is
	 * ready.
	 */
	public synchronized int getStartupFailures() {
		return this.supervision.startupFailures;
	}

	/**
	 * {@code new}, {@code starting} (no failure yet, not all ready), {@code running}
	 * (every slot has a ready worker), {@code degraded} (some ready, others being
	 * replaced), {@code backing-off} (workers die at startup and none is ready: nothing
	 * can run), {@code shut-down}.
	 */
	public synchronized String getPoolState() {
		return (this.state != PoolState.RUNNING) ? this.state.value : this.supervision.runningState(readyCount());
	}

	/** While workers die at startup and none is ready, nothing can run: says why. */
	@Override
	public synchronized String unavailableReason() {
		return "backing-off".equals(getPoolState()) ? this.supervision.backingOffReason() : null;
	}

	/** The pool's state, workers and counters, for Actuator; no secrets. */
	@Override
	public synchronized Map<String, Object> details() {
		return this.supervision.details(getPoolState(), getWorkers());
	}

	@Override
	public String toString() {
		return "ProcessPoolPatioExecutor[" + this.state.value + ", workers=" + this.slots.size() + "]";
	}

	private enum PoolState {

		NEW("new"), RUNNING("running"), SHUTDOWN("shut-down");

		final String value;

		PoolState(String value) {
			this.value = value;
		}

	}

}
