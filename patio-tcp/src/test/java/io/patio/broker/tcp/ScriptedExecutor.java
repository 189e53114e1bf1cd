package io.patio.broker.tcp;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import io.patio.call.CallRequest;
import io.patio.executor.ExecutorStats;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.executor.TaskStats;
import io.patio.registry.Registry;

/**
 * An executor whose calls the test finishes: each {@link #execute} is recorded with a
 * future the test completes, from the thread it likes.
 */
final class ScriptedExecutor implements PatioExecutor {

	/** One call the executor was given, and the future that answers it. */
	record Run(CallRequest request, CompletableFuture<Object> future) {
	}

	private final NullPatioExecutor none = new NullPatioExecutor(new Registry());

	private final Set<String> tasks;

	final LinkedBlockingQueue<Run> runs = new LinkedBlockingQueue<>();

	ScriptedExecutor(String... tasks) {
		this.tasks = Set.of(tasks);
	}

	/** The next call given to the executor; fails the test when there is none. */
	Run next() {
		Run run = this.runs.poll();
		if (run == null) {
			throw new AssertionError("the executor was given no call");
		}
		return run;
	}

	@Override
	public CompletableFuture<Object> execute(CallRequest call) {
		CompletableFuture<Object> future = new CompletableFuture<>();
		this.runs.add(new Run(call, future));
		return future;
	}

	@Override
	public Set<String> getTaskNames() {
		return this.tasks;
	}

	@Override
	public String getType() {
		return "scripted";
	}

	@Override
	public Registry getRegistry() {
		return this.none.getRegistry();
	}

	@Override
	public void start() {
	}

	@Override
	public int getMaxWorkers() {
		return 1;
	}

	@Override
	public ExecutorStats getStats() {
		return this.none.getStats();
	}

	@Override
	public Map<String, TaskStats> getTaskStats() {
		return this.none.getTaskStats();
	}

	@Override
	public boolean isShutdown() {
		return false;
	}

	@Override
	public void shutdown(Duration grace) {
	}

}
