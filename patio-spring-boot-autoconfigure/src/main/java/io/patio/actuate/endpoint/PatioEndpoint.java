package io.patio.actuate.endpoint;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.patio.broker.BrokerDescription;
import io.patio.broker.PatioBroker;
import io.patio.executor.ExecutorDescription;
import io.patio.executor.ExecutorStats;
import io.patio.executor.TaskStats;
import io.patio.registry.Registry;
import io.patio.registry.TaskDefinition;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.jspecify.annotations.Nullable;

/**
 * {@code /actuator/patio}: the project, the registry's tasks, the executor's counters and
 * the broker, read-only and free of secrets. {@code /actuator/patio/{task}} shows one
 * task with its call counts.
 */
@Endpoint(id = "patio")
public class PatioEndpoint {

	private final PatioBroker broker;

	public PatioEndpoint(PatioBroker broker) {
		this.broker = broker;
	}

	@ReadOperation
	public PatioDescriptor patio() {
		Registry registry = this.broker.getRegistry();
		List<TaskDescriptor> tasks = registry.asMap()
			.values()
			.stream()
			.sorted(Comparator.comparing(TaskDefinition::getName))
			.map((task) -> new TaskDescriptor(task.getName(), task.describe(), task.isInline()))
			.toList();
		ExecutorStats stats = this.broker.getExecutor().getStats();
		ExecutorDescriptor executor = new ExecutorDescriptor(stats.type(), stats.maxWorkers(), stats.active(),
				stats.queued(), stats.queueCapacity(), stats.completed(), stats.failed(), stats.rejected(),
				stats.shutdown(),
				(this.broker.getExecutor() instanceof ExecutorDescription description) ? description.details() : null);
		Map<String, Object> details = (this.broker instanceof BrokerDescription description) ? description.details()
				: Map.of();
		return new PatioDescriptor(registry.getProject(), new RegistryDescriptor(registry.isLocked(), tasks), executor,
				new BrokerDescriptor(this.broker.getType(), this.broker.isRunning(), details));
	}

	/**
	 * One task with its call counts, or {@code null} (404) for a name the registry does
	 * not hold.
	 */
	@ReadOperation
	@Nullable public TaskCallsDescriptor task(@Selector String task) {
		TaskDefinition definition = this.broker.getRegistry().find(task).orElse(null);
		if (definition == null) {
			return null;
		}
		TaskStats stats = this.broker.getExecutor().getTaskStats().get(task);
		long completed = (stats != null) ? stats.completed() : 0;
		long failed = (stats != null) ? stats.failed() : 0;
		return new TaskCallsDescriptor(definition.getName(), definition.describe(), definition.isAsync(),
				definition.isInline(), completed + failed, completed, failed);
	}

	/**
	 * Everything {@code /actuator/patio} shows.
	 *
	 * @param project the namespace of generated task names, or {@code null}
	 * @param registry the registry
	 * @param executor the executor
	 * @param broker the broker
	 */
	public record PatioDescriptor(@Nullable String project, RegistryDescriptor registry, ExecutorDescriptor executor,
			BrokerDescriptor broker) implements OperationResponseBody {
	}

	/**
	 * @param locked whether registration is over (a broker has started)
	 * @param tasks the tasks, by name
	 */
	public record RegistryDescriptor(boolean locked, List<TaskDescriptor> tasks) {
	}

	/**
	 * @param name the name callers use
	 * @param target the Java method, {@code Class#method(params)}
	 * @param inline whether it is declared {@code @PatioTask(inline = true)}: run on the
	 * thread that delivers its call by the executors that honour it
	 */
	public record TaskDescriptor(String name, String target, boolean inline) {
	}

	/**
	 * The executor's counters; see {@link ExecutorStats}.
	 *
	 * @param type the executor kind
	 * @param maxWorkers the most calls that run at once
	 * @param active calls running now
	 * @param queued calls waiting to run
	 * @param queueCapacity the most calls that may wait
	 * @param completed calls that ended with a result
	 * @param failed calls that ended with an error
	 * @param rejected calls turned away, saturated or shutting down
	 * @param shutdown whether the executor has shut down
	 * @param details more, for executors that have it (the process pool's state and
	 * worker processes: pid, uptime, tasks done, restarts), or {@code null}
	 */
	public record ExecutorDescriptor(String type, int maxWorkers, int active, int queued, int queueCapacity,
			long completed, long failed, long rejected, boolean shutdown, @Nullable Map<String, Object> details) {
	}

	/**
	 * @param type {@code memory}, {@code tcp-server} or {@code tcp-client}
	 * @param running whether the broker takes calls
	 * @param details what a networked broker adds through {@link BrokerDescription}:
	 * listening addresses, connections; empty for the memory broker
	 */
	public record BrokerDescriptor(String type, boolean running, Map<String, Object> details) {
	}

	/**
	 * What {@code /actuator/patio/{task}} shows.
	 *
	 * @param name the task's name
	 * @param target the Java method, {@code Class#method(params)}
	 * @param async whether the method returns a {@code CompletionStage}
	 * @param inline whether it is declared {@code @PatioTask(inline = true)}: run on the
	 * thread that delivers its call by the executors that honour it
	 * @param calls calls this process's executor finished
	 * @param completed calls that ended with a result
	 * @param failed calls that ended with an error
	 */
	public record TaskCallsDescriptor(String name, String target, boolean async, boolean inline, long calls,
			long completed, long failed) implements OperationResponseBody {
	}

}
