package io.patio.autoconfigure;

import io.patio.executor.process.ProcessPoolOptions;

/**
 * Adjusts the options of the auto-configured process-pool executor
 * ({@code patio.executor.type=process-pool}) beyond what {@code patio.executor.process.*}
 * reaches: the java command, the workers' environment, their class path, stop grace and
 * restart delays. Every bean of this type is called, in
 * {@link org.springframework.core.Ordered order}, after the properties have been applied
 * and before the options are built, so a later customizer overrides an earlier one.
 * <p>
 * The other executors have no options beyond {@code patio.executor.max-workers} and
 * {@code queue-capacity}; an application that needs more defines its own
 * {@link io.patio.executor.PatioExecutor} bean.
 */
@FunctionalInterface
public interface ProcessPoolOptionsCustomizer {

	/**
	 * @param builder the options so far, from the properties and earlier customizers
	 */
	void customize(ProcessPoolOptions.Builder builder);

}
