package io.patio.executor.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.patio.WorkerDiedException;
import io.patio.call.PeriodicTask;
import io.patio.executor.PatioCall;
import io.patio.executor.process.WorkerSlots.Sending;
import io.patio.executor.process.WorkerProcess.State;

/**
 * Watches the workers of one {@link ProcessPoolPatioExecutor}: whether a new one gets
 * ready in time with the parent's tasks, what happens when one exits (its calls fail, it
 * is replaced, at once or after a back-off), and the pool's state that Actuator shows.
 * Its fields are guarded by the pool's lock.
 */
final class WorkerSupervision {

	private static final Logger log = LoggerFactory.getLogger(WorkerSupervision.class);

	/** How often a starting worker is checked for readiness. */
	static final long READINESS_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final ProcessPoolPatioExecutor pool;

	/** Workers that died while serving and were replaced. */
	long restarts;

	/** Workers in a row that died or timed out before they were ready. */
	int startupFailures;

	Instant nextStartAttempt;

	String lastFailure;

	/**
	 * Why the last worker was refused (its registry differs from the parent's);
	 * {@code null} once a worker is ready.
	 */
	String registryMismatch;

	/** Readiness checks, back-offs and delayed kills: the pool's own thread. */
	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "patio-process-pool");
		thread.setDaemon(true);
		return thread;
	});

	WorkerSupervision(ProcessPoolPatioExecutor pool) {
		this.pool = pool;
	}

	/** Starts a worker in {@code slot}; under the pool's lock. */
	void launch(int slot) {
		WorkerProcess worker;
		try {
			worker = this.pool.launcher.launch(slot);
		}
		catch (IOException | RuntimeException ex) {
			log.error("Cannot launch a process-pool worker with {}", this.pool.options.getJavaCommand(), ex);
			this.lastFailure = "cannot launch a worker: " + ex;
			backOff(slot);
			return;
		}
		this.pool.slots.put(worker);
		worker.onExit().thenRun(() -> exited(worker));
		// checked every 10 ms until ready; it survives an Error in the check or while it
		// is scheduled
		long every = READINESS_NANOS;
		worker.readiness = new PeriodicTask("process-pool readiness of worker pid " + worker.pid(),
				PeriodicTask.on(this.scheduler), every, () -> {
					checkReady(worker);
					return every;
				});
		worker.readiness.schedule(every);
	}

	/** Kills a worker; {@code reason} is what its calls fail with. */
	void kill(WorkerProcess worker, String reason) {
		synchronized (this.pool) {
			if (worker.killReason == null) {
				worker.killReason = reason;
			}
			if (worker.isServing()) {
				// no new call may reach it while it dies
				worker.state = State.KILLED;
			}
		}
		worker.kill();
	}

	/**
	 * Runs {@code action} on the pool's thread after {@code delayMillis}; at once, here,
	 * once the pool has shut down.
	 */
	void later(Runnable action, long delayMillis) {
		try {
			this.scheduler.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			action.run();
		}
	}

	/** Stops the pool's thread, once the workers are gone. */
	void close() {
		this.scheduler.shutdownNow();
	}

	/**
	 * Checks a starting worker: ready with the parent's tasks, refused (its tasks
	 * differ), or past the startup timeout (killed); runs every 10 ms until it is ready.
	 */
	void checkReady(WorkerProcess worker) {
		Set<String> tasks = worker.readyTasks();
		String difference = (tasks != null) ? RegistryDifference.between(this.pool.getRegistry().asMap().keySet(),
				tasks, this.pool.getRegistry().isStrict()) : null;
		List<Sending> toSend = List.of();
		List<PatioCall> refused = List.of();
		String refusal = null;
		synchronized (this.pool) {
			if (worker.state != State.STARTING) {
				worker.readiness.cancel();
				return;
			}
			if (difference != null) {
				// refused: calls would find no task there and wait for their timeout
				worker.readiness.cancel();
				worker.startupFailure = true;
				this.lastFailure = "worker pid " + worker.pid() + " was refused: " + difference;
				this.registryMismatch = this.lastFailure;
				refusal = this.lastFailure;
				log.error("Process-pool worker {} refused: {}", worker.pid(), difference);
				worker.kill();
				if (this.pool.readyCount() == 0) {
					refused = this.pool.slots.takeQueued();
				}
				this.pool.notifyAll();
			}
			else if (tasks != null) {
				this.registryMismatch = null;
				worker.readiness.cancel();
				worker.state = State.READY;
				this.startupFailures = 0;
				this.nextStartAttempt = null;
				toSend = this.pool.drain();
				this.pool.notifyAll();
			}
			else if (Duration.between(worker.startedAt, Instant.now())
				.compareTo(this.pool.options.getStartupTimeout()) > 0) {
				worker.readiness.cancel();
				worker.startupFailure = true;
				this.lastFailure = "worker pid " + worker.pid() + " was not ready within the startup timeout of "
						+ this.pool.options.getStartupTimeout();
				log.warn("Process-pool worker {} was not ready within {}; killing it", worker.pid(),
						this.pool.options.getStartupTimeout());
				worker.kill();
			}
		}
		String reason = refusal;
		this.pool.failCalls(refused, (call) -> ProcessPoolPatioExecutor.noWorker(call.getTask().getName(), reason));
		this.pool.send(toSend);
	}

	/** A worker's process exited: its calls fail, and its slot gets a new one. */
	void exited(WorkerProcess worker) {
		Integer exitCode = worker.exitCode();
		List<PatioCall> dead;
		List<Sending> toSend;
		synchronized (this.pool) {
			State was = worker.state;
			worker.state = State.DEAD;
			if (worker.readiness != null) {
				worker.readiness.cancel();
			}
			dead = new ArrayList<>(worker.inFlight);
			worker.inFlight.clear();
			if (this.pool.slots.remove(worker) && this.pool.isRunning()) {
				replace(worker, was, exitCode);
			}
			toSend = this.pool.drain();
			this.pool.notifyAll();
		}
		String reason = (worker.killReason == null) ? "it exited with code " + exitCode
				: worker.killReason.startsWith("call of") ? "it was killed because another " + worker.killReason
						: "it was killed: " + worker.killReason;
		this.pool.failCalls(dead,
				(call) -> new WorkerDiedException(call.getTask().getName(), worker.pid(), exitCode,
						"The worker process (pid " + worker.pid() + ") running task '" + call.getTask().getName()
								+ "' died: " + reason
								+ "; the task may or may not have run. The pool replaces the worker"));
		later(worker::closeLink, 0);
		this.pool.send(toSend);
	}

	/** Launches the successor of a worker that exited; under the pool's lock. */
	private void replace(WorkerProcess worker, State was, Integer exitCode) {
		if (was == State.STARTING) {
			if (!worker.startupFailure) {
				this.lastFailure = "worker pid " + worker.pid() + " exited with code " + exitCode
						+ " before it was ready";
			}
			log.warn("Process-pool worker {} died during startup ({}); backing off", worker.pid(), this.lastFailure);
			backOff(worker.slot);
			return;
		}
		if (was != State.RECYCLING && was != State.STOPPING) {
			this.restarts++;
			log.warn("Process-pool worker {} exited with code {}{}; replacing it", worker.pid(), exitCode,
					(worker.killReason != null) ? " (killed: " + worker.killReason + ")" : "");
		}
		launch(worker.slot);
	}

	/** Relaunches {@code slot} after an exponential back-off; under the pool's lock. */
	void backOff(int slot) {
		this.startupFailures++;
		long base = this.pool.options.getRestartDelay().toMillis();
		long delay = Math.min(this.pool.options.getRestartMaxDelay().toMillis(),
				base << Math.min(20, this.startupFailures - 1));
		this.nextStartAttempt = Instant.now().plusMillis(delay);
		later(() -> {
			synchronized (this.pool) {
				if (this.pool.isRunning() && this.pool.slots.get(slot) == null) {
					launch(slot);
				}
			}
		}, delay);
	}

	/** A link that broke while the process lives on is a worker the pool cannot use. */
	void killIfStillAlive(WorkerProcess worker) {
		later(() -> {
			if (worker.isAlive()) {
				kill(worker, "link to the parent broke");
			}
		}, 2000);
	}

	/** Asks a worker to exit (closes its stdin), then kills it after the stop grace. */
	void stop(WorkerProcess worker) {
		worker.askToStop();
		later(() -> {
			if (worker.isAlive()) {
				worker.kill();
			}
		}, this.pool.options.getStopGrace().toMillis());
	}

	/**
	 * The state of a running pool with {@code ready} of its workers ready: see
	 * {@link ProcessPoolPatioExecutor#getPoolState()}.
	 */
	String runningState(int ready) {
		if (ready == this.pool.slots.size()) {
			return "running";
		}
		if (ready == 0) {
			// a refused worker counts at once, before its exit is handled
			return (this.startupFailures > 0 || this.registryMismatch != null) ? "backing-off" : "starting";
		}
		return "degraded";
	}

	/** Why nothing can run while the pool backs off. */
	String backingOffReason() {
		return "no worker process can start (" + this.startupFailures + " failed in a row; last: " + this.lastFailure
				+ "); next attempt at " + this.nextStartAttempt;
	}

	/** The pool's details for Actuator: its state, counters and workers; no secrets. */
	Map<String, Object> details(String state, List<WorkerStatus> statuses) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", state);
		details.put("maxWorkers", this.pool.options.getMaxWorkers());
		details.put("tasksPerWorker", this.pool.options.getTasksPerWorker());
		details.put("restarts", this.restarts);
		details.put("startupFailures", this.startupFailures);
		if (this.nextStartAttempt != null) {
			details.put("nextStartAttempt", this.nextStartAttempt.toString());
		}
		if (this.lastFailure != null) {
			details.put("lastFailure", this.lastFailure);
		}
		List<Map<String, Object>> workers = new ArrayList<>();
		for (WorkerStatus worker : statuses) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("slot", worker.slot());
			entry.put("pid", worker.pid());
			entry.put("state", worker.state());
			entry.put("uptime", worker.uptime().toString());
			entry.put("tasksDone", worker.tasksDone());
			entry.put("inFlight", worker.inFlight());
			workers.add(entry);
		}
		details.put("workers", workers);
		return details;
	}

}
