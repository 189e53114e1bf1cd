package io.patio.broker;

import org.jspecify.annotations.Nullable;

/**
 * A broker whose outgoing calls can be wrapped by a {@link CallInterceptor}, as every
 * {@link AbstractPatioBroker} can. The Spring integration installs the application's
 * interceptors (observation, tracing, metrics) through it.
 */
public interface InterceptableBroker {

	/**
	 * Wraps every call the broker sends from now on; {@code null} removes it. Set it
	 * before the broker starts.
	 */
	void setCallInterceptor(@Nullable CallInterceptor callInterceptor);

}
