package io.patio.executor.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.patio.ConnectionLostException;
import io.patio.NoPeerException;
import io.patio.PatioException;
import io.patio.RejectedCallException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.WorkerDiedException;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.serializer.cbor.CborSerializer;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.call.CallRequest;
import io.patio.call.CallTimer;
import io.patio.executor.ExecutorDescription;
import io.patio.executor.ExecutorStats;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.call.PeriodicTask;
import io.patio.executor.TaskStats;
import io.patio.registry.Registry;

/**
 * Runs tasks in worker JVMs, for isolation and hard timeouts rather than speed: a task
 * that calls {@code System.exit}, runs out of memory, crashes the JVM or ignores
 * interruption cannot take the application down, and a call past its timeout is really
 * stopped (its worker is killed and replaced).
 * <p>
 * Each worker is started with this JVM's own {@code java} and class path and connects
 * back over loopback, with a random per-pool key, to a private {@link TcpServerBroker}
 * that this executor opens for that worker alone (port 0; it runs nothing itself). Calls
 * go to the least busy ready worker, at most {@code tasks per worker} at once each; the
 * rest wait here in a bounded queue. Failure semantics:
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
 */
public final class ProcessPoolPatioExecutor implements PatioExecutor, ExecutorDescription {

	private static final Logger log = LoggerFactory.getLogger(ProcessPoolPatioExecutor.class);

	private static final SecureRandom random = new SecureRandom();

	private static final long READINESS_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final Registry registry;

	private final ProcessPoolOptions options;

	private final String key;

	private final Worker[] slots;

	private final ArrayDeque<Pending> queue = new ArrayDeque<>();

	private final ScheduledExecutorService scheduler;

	private final LongAdder completed = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final Map<String, long[]> taskStats = new ConcurrentHashMap<>();

	private long restarts;

	private int startupFailures;

	private Instant nextStartAttempt;

	private String lastFailure;

	/**
	 * Why the last worker was refused (its registry differs from this one); null once a
	 * worker is ready.
	 */
	private String registryMismatch;

	private volatile State state = State.NEW;

	/**
	 * @param registry the tasks the workers run, as the parent knows them (their names
	 * are what brokers advertise); build it with the same {@link RegistryFactory} as the
	 * workers
	 * @param options the workers' count, JVM options, main class and limits
	 */
	public ProcessPoolPatioExecutor(Registry registry, ProcessPoolOptions options) {
		this.registry = registry;
		this.options = options;
		this.slots = new Worker[options.getMaxWorkers()];
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		this.key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "patio-process-pool");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public String getType() {
		return "process-pool";
	}

	@Override
	public Registry getRegistry() {
		return this.registry;
	}

	public ProcessPoolOptions getOptions() {
		return this.options;
	}

	/**
	 * Launches the workers and waits until they are ready, for at most the startup
	 * timeout. Workers that are not ready by then are retried with back-off; calls wait
	 * for them.
	 */
	@Override
	public void start() {
		synchronized (this) {
			if (this.state != State.NEW) {
				return;
			}
			this.state = State.RUNNING;
			for (int slot = 0; slot < this.slots.length; slot++) {
				launch(slot);
			}
		}
		awaitReady(this.options.getStartupTimeout());
		String mismatch;
		synchronized (this) {
			mismatch = (readyCount() == 0) ? this.registryMismatch : null;
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
			while (readyCount() < this.slots.length && this.state == State.RUNNING
					&& (this.registryMismatch == null || readyCount() > 0)) {
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
			return readyCount() == this.slots.length;
		}
	}

	/**
	 * What differs between the parent's task names and those a worker advertised:
	 * {@code missing [..], extra [..]}, and with a strict registry the generated names
	 * whose bytecode digest differs; null when they are the same.
	 */
	static String registryDifference(Set<String> parent, Set<String> worker, boolean strict) {
		if (parent.equals(worker)) {
			return null;
		}
		Set<String> missing = new java.util.TreeSet<>(parent);
		missing.removeAll(worker);
		Set<String> extra = new java.util.TreeSet<>(worker);
		extra.removeAll(parent);
		List<String> digests = new ArrayList<>();
		if (strict) {
			for (java.util.Iterator<String> names = missing.iterator(); names.hasNext();) {
				String name = names.next();
				int dot = name.lastIndexOf('.');
				if (dot <= 0) {
					continue;
				}
				String method = name.substring(0, dot + 1);
				String other = extra.stream()
					.filter((candidate) -> candidate.startsWith(method) && candidate.indexOf('.', dot + 1) < 0)
					.findFirst()
					.orElse(null);
				if (other != null) {
					digests.add(name.substring(0, dot) + " (parent " + name.substring(dot + 1) + ", worker "
							+ other.substring(dot + 1) + ")");
					names.remove();
					extra.remove(other);
				}
			}
		}
		StringBuilder message = new StringBuilder("worker registry differs from the parent's:");
		String separator = " ";
		if (!missing.isEmpty()) {
			message.append(separator).append("missing ").append(missing);
			separator = ", ";
		}
		if (!extra.isEmpty()) {
			message.append(separator).append("extra ").append(extra);
			separator = ", ";
		}
		if (!digests.isEmpty()) {
			message.append(separator).append("different bytecode digest ").append(digests);
		}
		message.append(". The worker must build the same tasks: it gets the parent's command-line arguments,"
				+ " -D properties and active profiles, but not properties set in code");
		return message.toString();
	}

	private int readyCount() {
		int ready = 0;
		for (Worker worker : this.slots) {
			if (worker != null && worker.state == WorkerState.READY) {
				ready++;
			}
		}
		return ready;
	}

	@Override
	public CompletableFuture<Object> execute(CallRequest request) {
		// The budget covers the wait for a worker and the trip to it: its clock starts
		// now.
		CallRequest call = request.startClock();
		Pending pending = new Pending(call);
		List<Pending> toSend;
		synchronized (this) {
			if (this.state != State.RUNNING) {
				this.rejected.increment();
				return CompletableFuture.failedFuture(new ShuttingDownException(call.task(),
						(this.state == State.NEW) ? "The process-pool executor is not started"
								: "The process-pool executor is shut down; cannot run task '" + call.task() + "'"));
			}
			if (this.registryMismatch != null && readyCount() == 0) {
				this.rejected.increment();
				return CompletableFuture.failedFuture(noWorker(call.task(), this.registryMismatch));
			}
			if (this.queue.size() >= this.options.getQueueCapacity()) {
				this.rejected.increment();
				return CompletableFuture.failedFuture(
						new RejectedCallException(call.task(), "The process pool is saturated: " + this.queue.size()
								+ " calls wait for a worker; raise max-workers or queue-capacity, or call less"));
			}
			this.queue.add(pending);
			toSend = drain();
		}
		if (call.hasDeadline()) {
			// one timeout per call on the JVM's call timer; it kills the worker when it
			// fires
			pending.timer = CallTimer.schedule(() -> expire(pending), call.remainingNanos());
		}
		send(toSend);
		return pending.future;
	}

	/**
	 * Assigns queued calls to ready workers with room; the caller sends them once out of
	 * the lock.
	 */
	private List<Pending> drain() {
		List<Pending> assigned = null;
		while (!this.queue.isEmpty()) {
			Worker best = null;
			for (Worker worker : this.slots) {
				if (worker != null && worker.state == WorkerState.READY
						&& worker.inFlight.size() < this.options.getTasksPerWorker()
						&& (best == null || worker.inFlight.size() < best.inFlight.size())) {
					best = worker;
				}
			}
			if (best == null) {
				break;
			}
			Pending pending = this.queue.poll();
			if (pending.settled.get()) {
				continue;
			}
			pending.worker = best;
			best.inFlight.add(pending);
			best.assigned++;
			if (this.options.getRecycleAfter() > 0 && best.assigned >= this.options.getRecycleAfter()) {
				best.state = WorkerState.RECYCLING;
			}
			if (assigned == null) {
				assigned = new ArrayList<>();
			}
			assigned.add(pending);
		}
		return (assigned != null) ? assigned : List.of();
	}

	private void send(List<Pending> assigned) {
		for (Pending pending : assigned) {
			Worker worker = pending.worker;
			worker.broker.forward(pending.call)
				.whenComplete(
						(result, error) -> answered(worker, pending, result, io.patio.call.Failures.unwrap(error)));
		}
	}

	private void answered(Worker worker, Pending pending, Object result, Throwable error) {
		if (error == null) {
			complete(pending, result, worker);
		}
		else if (error instanceof TaskTimeoutException timeout) {
			fail(pending, timeout);
			kill(worker, "call of task '" + pending.call.task() + "' passed its timeout");
		}
		else if (error instanceof ConnectionLostException || error instanceof ShuttingDownException) {
			// the link broke: no new call may go there, and the process exit fails this
			// one with its exit code
			synchronized (this) {
				if (worker.state == WorkerState.READY || worker.state == WorkerState.RECYCLING) {
					worker.state = WorkerState.KILLED;
				}
			}
			scheduleKillIfAlive(worker);
			return;
		}
		else {
			// the worker answered with an error (the task threw, bad arguments ...):
			// still a task done
			fail(pending, (error instanceof PatioException patio) ? patio
					: new io.patio.TaskFailedException(pending.call.task(), String.valueOf(error.getMessage()), error),
					worker);
		}
		List<Pending> toSend;
		boolean retire;
		synchronized (this) {
			worker.inFlight.remove(pending);
			retire = worker.state == WorkerState.RECYCLING && worker.inFlight.isEmpty();
			toSend = drain();
			notifyAll();
		}
		if (retire) {
			log.debug("Recycling process-pool worker {} after {} tasks", worker.pid(), worker.assigned);
			stop(worker);
		}
		send(toSend);
	}

	private void expire(Pending pending) {
		Worker worker;
		synchronized (this) {
			if (pending.settled.get()) {
				return;
			}
			worker = pending.worker;
			if (worker == null) {
				this.queue.remove(pending);
			}
		}
		if (worker == null) {
			fail(pending, new TaskTimeoutException(pending.call.task(), "Task '" + pending.call.task()
					+ "' waited for a free worker past its timeout; raise max-workers or the timeout"));
			return;
		}
		fail(pending, new TaskTimeoutException(pending.call.task(), "Task '" + pending.call.task()
				+ "' did not finish within its timeout; its worker (pid " + worker.pid() + ") was killed"));
		kill(worker, "call of task '" + pending.call.task() + "' passed its timeout");
	}

	private boolean complete(Pending pending, Object result, Worker worker) {
		if (!pending.settled.compareAndSet(false, true)) {
			return false;
		}
		taskDone(worker);
		cancelTimer(pending);
		this.completed.increment();
		count(pending.call.task(), 0);
		pending.future.complete(result);
		return true;
	}

	private boolean fail(Pending pending, PatioException error) {
		return fail(pending, error, null);
	}

	/**
	 * Fails the call; {@code answeredBy} is the worker that answered it, or {@code null}.
	 */
	private boolean fail(Pending pending, PatioException error, Worker answeredBy) {
		if (!pending.settled.compareAndSet(false, true)) {
			return false;
		}
		if (answeredBy != null) {
			taskDone(answeredBy);
		}
		cancelTimer(pending);
		this.failed.increment();
		count(pending.call.task(), 1);
		pending.future.completeExceptionally(error);
		return true;
	}

	private synchronized void taskDone(Worker worker) {
		worker.tasksDone++;
	}

	private void count(String task, int index) {
		long[] counters = this.taskStats.computeIfAbsent(task, (name) -> new long[2]);
		synchronized (counters) {
			counters[index]++;
		}
	}

	private static void cancelTimer(Pending pending) {
		CallTimer.Timeout timer = pending.timer;
		if (timer != null) {
			timer.cancel();
		}
	}

	// ---- workers

	/** Starts a worker in {@code slot}; under the lock. */
	private void launch(int slot) {
		TcpServerBroker broker = null;
		try {
			// CBOR: the link carries NaN and the infinities exactly, as the memory broker
			// in
			// front of the pool does; only our own workers ever speak on it
			TcpBrokerOptions brokerOptions = TcpBrokerOptions.builder()
				.serializer(CborSerializer.INSTANCE)
				.key(this.key)
				.eventLoopThreads(1)
				// the worker, once it proved the key
				.maxConnections(1)
				// every local process connects from 127.0.0.1: one address's budget is
				// the whole handshake budget, so idle local sockets cannot keep the
				// worker out
				.maxUnauthenticatedConnections(TcpBrokerOptions.DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS)
				.maxUnauthenticatedPerAddress(TcpBrokerOptions.DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS)
				.build();
			broker = new TcpServerBroker(new NullPatioExecutor(new Registry()), brokerOptions, "127.0.0.1:0");
			broker.start();
			List<String> command = this.options.workerCommand();
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
				.redirectError(ProcessBuilder.Redirect.INHERIT);
			Map<String, String> env = builder.environment();
			env.putAll(this.options.getEnvironment());
			env.put(WorkerEnvironment.PORT, Integer.toString(broker.getPort()));
			env.put(WorkerEnvironment.KEY, this.key);
			env.put(WorkerEnvironment.TASKS, Integer.toString(this.options.getTasksPerWorker()));
			env.put(WorkerEnvironment.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
			// framed before the start, so that settings over the limit fail here, under
			// the
			// lock, as a launch failure
			ByteArrayOutputStream settings = new ByteArrayOutputStream();
			this.options.getWorkerSettings().writeTo(settings);
			Process process = builder.start();
			Worker worker = new Worker(slot, process, broker);
			this.slots[slot] = worker;
			log.debug("Started process-pool worker {} in slot {}", process.pid(), slot);
			process.onExit().thenRun(() -> exited(worker));
			// checked every 10 ms until ready; it survives an Error in the check or while
			// it is scheduled
			worker.readiness = new PeriodicTask("process-pool readiness of worker pid " + process.pid(),
					PeriodicTask.on(this.scheduler), READINESS_NANOS, () -> {
						checkReady(worker);
						return READINESS_NANOS;
					});
			worker.readiness.schedule(READINESS_NANOS);
			handOver(settings, process);
		}
		catch (IOException | RuntimeException ex) {
			if (broker != null) {
				broker.close();
			}
			this.lastFailure = "cannot launch a worker: " + ex;
			log.error("Cannot launch a process-pool worker with {}", this.options.getJavaCommand(), ex);
			backOff(slot);
		}
	}

	/**
	 * Writes the settings to the worker's stdin on a thread of its own, never under the
	 * lock: settings larger than the pipe's buffer (64 KiB on Linux) wait until the
	 * worker reads them, which a slow or broken worker may never do. The readiness
	 * checks, already scheduled, kill such a worker at the startup timeout, and the write
	 * then fails. Through stdin, which only this process can write and no one else can
	 * read: the settings can hold secrets. The stream stays open (closing it stops the
	 * worker).
	 */
	private static void handOver(ByteArrayOutputStream settings, Process process) {
		Thread writer = new Thread(() -> {
			try {
				OutputStream stdin = process.getOutputStream();
				settings.writeTo(stdin);
				stdin.flush();
			}
			catch (IOException ex) {
				// the worker died or was killed: its exit is handled as a startup failure
				log.debug("Cannot hand the settings to process-pool worker {}: {}", process.pid(), ex.toString());
			}
		}, "patio-process-pool-settings-" + process.pid());
		writer.setDaemon(true);
		writer.start();
	}

	private void checkReady(Worker worker) {
		io.patio.broker.tcp.TcpConnection link = worker.broker.getConnections()
			.stream()
			.filter((connection) -> connection.isReady())
			.findFirst()
			.orElse(null);
		boolean ready = link != null;
		String difference = ready ? registryDifference(this.registry.asMap().keySet(), link.getAdvertisedTasks(),
				this.registry.isStrict()) : null;
		List<Pending> toSend = List.of();
		List<Pending> refused = List.of();
		String refusal = null;
		synchronized (this) {
			if (worker.state != WorkerState.STARTING) {
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
				worker.process.destroyForcibly();
				if (readyCount() == 0) {
					refused = new ArrayList<>(this.queue);
					this.queue.clear();
				}
				notifyAll();
			}
			else if (ready) {
				this.registryMismatch = null;
				worker.readiness.cancel();
				worker.state = WorkerState.READY;
				worker.readyAt = Instant.now();
				this.startupFailures = 0;
				this.nextStartAttempt = null;
				toSend = drain();
				notifyAll();
			}
			else if (Duration.between(worker.startedAt, Instant.now())
				.compareTo(this.options.getStartupTimeout()) > 0) {
				worker.readiness.cancel();
				worker.startupFailure = true;
				this.lastFailure = "worker pid " + worker.pid() + " was not ready within the startup timeout of "
						+ this.options.getStartupTimeout();
				log.warn("Process-pool worker {} was not ready within {}; killing it", worker.pid(),
						this.options.getStartupTimeout());
				worker.process.destroyForcibly();
			}
		}
		for (Pending pending : refused) {
			fail(pending, noWorker(pending.call.task(), refusal));
		}
		send(toSend);
	}

	/** The error of a call while no worker can run it: their registries differ. */
	private static NoPeerException noWorker(String task, String reason) {
		return new NoPeerException(task, "No process-pool worker can run task '" + task + "': " + reason);
	}

	private void exited(Worker worker) {
		Integer exitCode = null;
		try {
			exitCode = worker.process.exitValue();
		}
		catch (IllegalThreadStateException ex) {
			// not reported yet
		}
		List<Pending> dead = new ArrayList<>();
		List<Pending> toSend;
		synchronized (this) {
			WorkerState was = worker.state;
			worker.state = WorkerState.DEAD;
			if (worker.readiness != null) {
				worker.readiness.cancel();
			}
			dead.addAll(worker.inFlight);
			worker.inFlight.clear();
			if (this.slots[worker.slot] == worker) {
				this.slots[worker.slot] = null;
				if (this.state == State.RUNNING) {
					if (was == WorkerState.STARTING) {
						if (!worker.startupFailure) {
							this.lastFailure = "worker pid " + worker.pid() + " exited with code " + exitCode
									+ " before it was ready";
						}
						log.warn("Process-pool worker {} died during startup ({}); backing off", worker.pid(),
								this.lastFailure);
						backOff(worker.slot);
					}
					else {
						if (was != WorkerState.RECYCLING && was != WorkerState.STOPPING) {
							this.restarts++;
							log.warn("Process-pool worker {} exited with code {}{}; replacing it", worker.pid(),
									exitCode,
									(worker.killReason != null) ? " (killed: " + worker.killReason + ")" : "");
						}
						launch(worker.slot);
					}
				}
			}
			toSend = drain();
			notifyAll();
		}
		String reason = (worker.killReason == null) ? "it exited with code " + exitCode
				: worker.killReason.startsWith("call of") ? "it was killed because another " + worker.killReason
						: "it was killed: " + worker.killReason;
		for (Pending pending : dead) {
			fail(pending,
					new WorkerDiedException(pending.call.task(), worker.pid(), exitCode,
							"The worker process (pid " + worker.pid() + ") running task '" + pending.call.task()
									+ "' died: " + reason
									+ "; the task may or may not have run. The pool replaces the worker"));
		}
		later(() -> worker.broker.close(Duration.ZERO), 0);
		send(toSend);
	}

	/** Relaunches {@code slot} after an exponential back-off; under the lock. */
	private void backOff(int slot) {
		this.startupFailures++;
		long base = this.options.getRestartDelay().toMillis();
		long delay = Math.min(this.options.getRestartMaxDelay().toMillis(),
				base << Math.min(20, this.startupFailures - 1));
		this.nextStartAttempt = Instant.now().plusMillis(delay);
		this.scheduler.schedule(() -> {
			synchronized (this) {
				if (this.state == State.RUNNING && this.slots[slot] == null) {
					launch(slot);
				}
			}
		}, delay, TimeUnit.MILLISECONDS);
	}

	private void kill(Worker worker, String reason) {
		synchronized (this) {
			if (worker.killReason == null) {
				worker.killReason = reason;
			}
			if (worker.state == WorkerState.READY || worker.state == WorkerState.RECYCLING) {
				// no new call may reach it while it dies
				worker.state = WorkerState.KILLED;
			}
		}
		worker.process.destroyForcibly();
	}

	private void scheduleKillIfAlive(Worker worker) {
		// a link that broke while the process lives on is a worker we cannot use any more
		later(() -> {
			if (worker.process.isAlive()) {
				kill(worker, "link to the parent broke");
			}
		}, 2000);
	}

	/** Asks a worker to exit (closes its stdin), then kills it after the stop grace. */
	private void stop(Worker worker) {
		try {
			worker.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already closed: the process is going anyway
		}
		later(() -> {
			if (worker.process.isAlive()) {
				worker.process.destroyForcibly();
			}
		}, this.options.getStopGrace().toMillis());
	}

	/**
	 * Runs {@code action} on the pool's thread after {@code delayMillis}; at once, here,
	 * once the pool has shut down.
	 */
	private void later(Runnable action, long delayMillis) {
		try {
			this.scheduler.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			action.run();
		}
	}

	/** Results come back from the workers as decoded trees. */
	@Override
	public boolean deliversTrees() {
		return true;
	}

	@Override
	public Set<String> getTaskNames() {
		return this.registry.asMap().keySet();
	}

	@Override
	public int getMaxWorkers() {
		return this.options.getMaxWorkers() * this.options.getTasksPerWorker();
	}

	@Override
	public synchronized ExecutorStats getStats() {
		int active = 0;
		for (Worker worker : this.slots) {
			if (worker != null) {
				active += worker.inFlight.size();
			}
		}
		return new ExecutorStats(getType(), getMaxWorkers(), active, this.queue.size(), this.options.getQueueCapacity(),
				this.completed.sum(), this.failed.sum(), this.rejected.sum(), isShutdown());
	}

	@Override
	public Map<String, TaskStats> getTaskStats() {
		Map<String, TaskStats> stats = new LinkedHashMap<>();
		this.taskStats.forEach((task, counters) -> {
			synchronized (counters) {
				stats.put(task, new TaskStats(task, counters[0], counters[1]));
			}
		});
		return stats;
	}

	/** The live workers, in slot order. */
	public synchronized List<WorkerStatus> getWorkers() {
		List<WorkerStatus> workers = new ArrayList<>();
		Instant now = Instant.now();
		for (Worker worker : this.slots) {
			if (worker != null) {
				workers.add(new WorkerStatus(worker.slot, worker.pid(), worker.state.value, worker.startedAt,
						Duration.between(worker.startedAt, now), worker.tasksDone, worker.inFlight.size()));
			}
		}
		return workers;
	}

	/**
	 * Workers that died while serving and were replaced (recycling and startup failures
	 * excluded).
	 */
	public synchronized long getRestarts() {
		return this.restarts;
	}

	/**
	 * Workers in a row that died or timed out before they were ready; 0 once one is
	 * ready.
	 */
	public synchronized int getStartupFailures() {
		return this.startupFailures;
	}

	/**
	 * {@code new}, {@code starting} (no failure yet, not all ready), {@code running}
	 * (every slot has a ready worker), {@code degraded} (some ready, others being
	 * replaced), {@code backing-off} (workers die at startup and none is ready: nothing
	 * can run), {@code shut-down}.
	 */
	public synchronized String getPoolState() {
		if (this.state == State.NEW) {
			return "new";
		}
		if (this.state == State.SHUTDOWN) {
			return "shut-down";
		}
		int ready = readyCount();
		if (ready == this.slots.length) {
			return "running";
		}
		if (ready == 0) {
			// a refused worker counts at once, before its exit is handled
			return (this.startupFailures > 0 || this.registryMismatch != null) ? "backing-off" : "starting";
		}
		return "degraded";
	}

	/** While workers die at startup and none is ready, nothing can run: says why. */
	@Override
	public synchronized String unavailableReason() {
		if (!"backing-off".equals(getPoolState())) {
			return null;
		}
		return "no worker process can start (" + this.startupFailures + " failed in a row; last: " + this.lastFailure
				+ "); next attempt at " + this.nextStartAttempt;
	}

	/** The pool's state, workers and counters, for Actuator; no secrets. */
	@Override
	public synchronized Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", getPoolState());
		details.put("maxWorkers", this.options.getMaxWorkers());
		details.put("tasksPerWorker", this.options.getTasksPerWorker());
		details.put("restarts", this.restarts);
		details.put("startupFailures", this.startupFailures);
		if (this.nextStartAttempt != null) {
			details.put("nextStartAttempt", this.nextStartAttempt.toString());
		}
		if (this.lastFailure != null) {
			details.put("lastFailure", this.lastFailure);
		}
		List<Map<String, Object>> workers = new ArrayList<>();
		for (WorkerStatus worker : getWorkers()) {
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

	@Override
	public boolean isShutdown() {
		return this.state == State.SHUTDOWN;
	}

	/**
	 * Stops taking calls, lets running and queued calls finish for at most {@code grace},
	 * fails the rest with {@link ShuttingDownException}, then stops the workers: their
	 * stdin is closed (they exit by themselves) and those still alive after the stop
	 * grace are killed. Returns when no worker process is left.
	 */
	@Override
	public void shutdown(Duration grace) {
		List<Worker> workers = new ArrayList<>();
		List<Pending> leftover = new ArrayList<>();
		synchronized (this) {
			if (this.state == State.SHUTDOWN) {
				return;
			}
			boolean started = this.state == State.RUNNING;
			this.state = State.SHUTDOWN;
			notifyAll();
			long deadline = System.nanoTime() + grace.toNanos();
			while (started && (!this.queue.isEmpty() || active() > 0)) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			leftover.addAll(this.queue);
			this.queue.clear();
			for (int slot = 0; slot < this.slots.length; slot++) {
				Worker worker = this.slots[slot];
				if (worker != null) {
					leftover.addAll(worker.inFlight);
					worker.state = WorkerState.STOPPING;
					workers.add(worker);
				}
			}
		}
		for (Pending pending : leftover) {
			fail(pending, new ShuttingDownException(pending.call.task(),
					"The process-pool executor shut down before task '" + pending.call.task() + "' finished"));
		}
		for (Worker worker : workers) {
			try {
				worker.process.getOutputStream().close();
			}
			catch (IOException ex) {
				// already gone
			}
		}
		long stopDeadline = System.nanoTime() + this.options.getStopGrace().toNanos();
		for (Worker worker : workers) {
			try {
				long left = Math.max(0, stopDeadline - System.nanoTime());
				if (!worker.process.waitFor(left, TimeUnit.NANOSECONDS)) {
					worker.process.destroyForcibly();
				}
				worker.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				worker.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
			worker.broker.close(Duration.ZERO);
		}
		this.scheduler.shutdownNow();
	}

	private int active() {
		int active = 0;
		for (Worker worker : this.slots) {
			if (worker != null) {
				active += worker.inFlight.size();
			}
		}
		return active;
	}

	@Override
	public String toString() {
		return "ProcessPoolPatioExecutor[" + this.state + ", workers=" + this.slots.length + "]";
	}

	private enum State {

		NEW, RUNNING, SHUTDOWN

	}

	private enum WorkerState {

		STARTING("starting"), READY("ready"), RECYCLING("recycling"), STOPPING("stopping"), KILLED("killed"),
		DEAD("dead");

		final String value;

		WorkerState(String value) {
			this.value = value;
		}

	}

	private static final class Worker {

		final int slot;

		final Process process;

		final TcpServerBroker broker;

		final Instant startedAt = Instant.now();

		final Set<Pending> inFlight = new LinkedHashSet<>();

		WorkerState state = WorkerState.STARTING;

		Instant readyAt;

		long assigned;

		long tasksDone;

		String killReason;

		/** Timed out or refused at startup: lastFailure says why. */
		boolean startupFailure;

		PeriodicTask readiness;

		Worker(int slot, Process process, TcpServerBroker broker) {
			this.slot = slot;
			this.process = process;
			this.broker = broker;
		}

		long pid() {
			return this.process.pid();
		}

	}

	private static final class Pending {

		final CallRequest call;

		final CompletableFuture<Object> future = new CompletableFuture<>();

		/**
		 * Set by whoever completes the call first, so that counters are right before the
		 * caller sees it.
		 */
		final java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();

		Worker worker;

		volatile CallTimer.Timeout timer;

		Pending(CallRequest call) {
			this.call = call;
		}

	}

}
