package io.patio.executor;

import org.jspecify.annotations.Nullable;

/**
 * An executor whose calls can be wrapped by an {@link ExecutionInterceptor}, as every
 * {@link AbstractPatioExecutor}'s can. The Spring integration installs the application's
 * interceptors (observation, tracing) through it.
 */
public interface InterceptableExecutor {

	/**
	 * Wraps every call the executor runs from now on; {@code null} removes it. Set it
	 * before the executor starts.
	 */
	void setExecutionInterceptor(@Nullable ExecutionInterceptor executionInterceptor);

}
