package io.patio.executor.process;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.patio.broker.loopback.LoopbackLink;
import io.patio.call.CallRequest;
import io.patio.call.PeriodicTask;
import io.patio.executor.PatioCall;

/**
 * One worker process of a {@link ProcessPoolPatioExecutor}: the process, its link to the
 * parent, its state and the calls on it. Its mutable fields are guarded by the pool's
 * lock; the process and the link are safe to use from any thread.
 */
final class WorkerProcess {

	/** A worker's state; {@link #value} is what Actuator shows. */
	enum State {

		STARTING("starting"), READY("ready"), RECYCLING("recycling"), STOPPING("stopping"), KILLED("killed"),
		DEAD("dead");

		final String value;

		State(String value) {
			this.value = value;
		}

	}

	final int slot;

	private final Process process;

	private final LoopbackLink link;

	final Instant startedAt = Instant.now();

	/** The calls sent to this worker and not answered yet. */
	final Set<PatioCall> inFlight = new LinkedHashSet<>();

	State state = State.STARTING;

	/** Calls given to this worker, for recycling. */
	long assigned;

	/** Calls this worker answered. */
	long tasksDone;

	/** Why the pool killed it, or {@code null}. */
	String killReason;

	/** Timed out or refused at startup: the pool's last failure says why. */
	boolean startupFailure;

	/** Checks, until it is ready, whether it is. */
	PeriodicTask readiness;

	WorkerProcess(int slot, Process process, LoopbackLink link) {
		this.slot = slot;
		this.process = process;
		this.link = link;
	}

	long pid() {
		return this.process.pid();
	}

	/** Whether new calls may go here: ready, with fewer than {@code most} on it. */
	boolean hasRoom(int most) {
		return this.state == State.READY && this.inFlight.size() < most;
	}

	/** Whether it serves, or served until it was told to go: its calls are its own. */
	boolean isServing() {
		return this.state == State.READY || this.state == State.RECYCLING;
	}

	/** The tasks it advertised once connected and ready; {@code null} until then. */
	Set<String> readyTasks() {
		return this.link.readyPeerTasks();
	}

	/** Sends a call, with what is left of its budget; never throws. */
	CompletableFuture<Object> send(CallRequest request) {
		return this.link.forward(request);
	}

	/** The process's exit code, or {@code null} while it runs or is not reported. */
	Integer exitCode() {
		try {
			return this.process.exitValue();
		}
		catch (IllegalThreadStateException ex) {
			return null;
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	CompletableFuture<Process> onExit() {
		return this.process.onExit();
	}

	void kill() {
		this.process.destroyForcibly();
	}

	/**
	 * Asks it to exit by closing its stdin: it closes its broker and executor (or its
	 * Spring context) and exits.
	 */
	void askToStop() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already closed: the process is going anyway
		}
	}

	/**
	 * Waits up to {@code nanos} for it to exit, then kills it and waits for that; the
	 * link is closed in any case.
	 */
	void stopWithin(long nanos) {
		try {
			if (!this.process.waitFor(nanos, TimeUnit.NANOSECONDS)) {
				kill();
			}
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			kill();
			Thread.currentThread().interrupt();
		}
		closeLink();
	}

	void closeLink() {
		this.link.close();
	}

	/** What Actuator shows of it at {@code now}. */
	WorkerStatus status(Instant now) {
		return new WorkerStatus(this.slot, pid(), this.state.value, this.startedAt,
				Duration.between(this.startedAt, now), this.tasksDone, this.inFlight.size());
	}

}
