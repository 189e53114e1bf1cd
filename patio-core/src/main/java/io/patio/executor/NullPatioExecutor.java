package io.patio.executor;

import io.patio.call.CallRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.patio.UnknownTaskException;
import io.patio.registry.Registry;

/**
 * Runs nothing, like the Python original's {@code NullExecutor}: for a broker that only
 * calls tasks on its peers. It advertises no tasks, and every call to it fails with a
 * message that says so.
 */
public final class NullPatioExecutor implements PatioExecutor {

	private final Registry registry;

	private volatile boolean shutdown;

	public NullPatioExecutor(Registry registry) {
		this.registry = registry;
	}

	@Override
	public String getType() {
		return "none";
	}

	@Override
	public Registry getRegistry() {
		return this.registry;
	}

	@Override
	public void start() {
	}

	@Override
	public CompletableFuture<Object> execute(CallRequest call) {
		return CompletableFuture.failedFuture(new UnknownTaskException(call.task(),
				"Task '" + call.task() + "' cannot run here: the executor is 'none', which runs no tasks. Choose"
						+ " patio.executor.type=thread-pool, async or process-pool to run tasks in this process"));
	}

	@Override
	public Set<String> getTaskNames() {
		return Set.of();
	}

	@Override
	public int getMaxWorkers() {
		return 0;
	}

	@Override
	public ExecutorStats getStats() {
		return new ExecutorStats(getType(), 0, 0, 0, 0, 0, 0, 0, this.shutdown);
	}

	@Override
	public Map<String, TaskStats> getTaskStats() {
		return Map.of();
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public void shutdown(Duration grace) {
		this.shutdown = true;
	}

}
