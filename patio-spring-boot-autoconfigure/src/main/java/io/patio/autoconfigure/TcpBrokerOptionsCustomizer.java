package io.patio.autoconfigure;

import io.patio.broker.tcp.TcpBrokerOptions;

/**
 * Adjusts the options of the auto-configured TCP broker ({@code patio.broker.type} is
 * {@code tcp-server} or {@code tcp-client}) beyond what {@code patio.broker.tcp.*}
 * reaches. Every bean of this type is called, in {@link org.springframework.core.Ordered
 * order}, after the properties have been applied and before the options are built, so a
 * customizer overrides a property and a later customizer overrides an earlier one. The
 * builder checks the final values when it builds.
 */
@FunctionalInterface
public interface TcpBrokerOptionsCustomizer {

	/**
	 * @param builder the options so far, from the properties and earlier customizers
	 */
	void customize(TcpBrokerOptions.Builder builder);

}
