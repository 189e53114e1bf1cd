package io.patio.executor.process;

import io.patio.registry.Registry;

/**
 * Builds the registry a plain-Java worker process runs. The process-pool executor names
 * an implementation in its options ({@link ProcessPoolOptions.Builder#registryFactory});
 * each worker JVM loads it by name, calls its public no-argument constructor and then
 * {@link #create()}. Give the parent the same registry (e.g.
 * {@code new MyFactory().create()}) so that it knows the task names the workers run.
 */
@FunctionalInterface
public interface RegistryFactory {

	/** A new registry with the tasks this worker runs. */
	Registry create();

}
