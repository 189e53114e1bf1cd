package io.patio.executor.process;

import java.time.Duration;
import java.util.Map;

import io.patio.call.CallRequest;

/**
 * A parent process for {@link ProcessPoolConfigurationTests}, started with {@code -D}
 * properties of its own: starts a pool of one worker whose JVM options set
 * {@code -Dpatio.test.own=worker}, asks the worker for the properties named by the
 * arguments, prints {@code RESULT <worker pid> <name>=<value> ...} and waits to be
 * killed.
 */
public final class ForkedConfigParent {

	private ForkedConfigParent() {
	}

	public static void main(String[] args) throws InterruptedException {
		ProcessPoolPatioExecutor pool = new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
				ProcessPoolOptions.builder()
					.maxWorkers(1)
					.jvmOptions("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dpatio.test.own=worker")
					.registryFactory(ProcessTasks.Factory.class)
					.build());
		pool.start();
		StringBuilder line = new StringBuilder("RESULT ").append(pool.getWorkers().get(0).pid());
		for (String name : args) {
			Object value = pool
				.execute(CallRequest.of("property", new Object[] { name }, Map.of(), Duration.ofSeconds(30), Map.of()))
				.join();
			line.append(' ')
				.append(name)
				.append('=')
				.append((value instanceof tools.jackson.databind.JsonNode node) ? node.stringValue() : value);
		}
		System.out.println(line);
		System.out.flush();
		Thread.currentThread().join();
	}

}
