package io.patio.autoconfigure;

import java.util.Objects;

/**
 * Says that a module on the class path provides a value of one of patio's type
 * properties, such as {@code patio.broker.type=tcp-server}.
 * <p>
 * The conditional configuration that builds the broker, executor or serializer for a
 * value also registers its contribution as a bean, whether or not the value is selected.
 * When the configured value has no configuration, startup fails with
 * {@link PatioTypeNotProvidedException}, which lists the contributed values and the
 * artifact that provides each. A module that adds a value does the same:
 *
 * <pre>{@code
 * &#64;AutoConfiguration(before = PatioAutoConfiguration.class)

 * &#64;ConditionalOnClass(RabbitBroker.class)
 * public final class PatioRabbitBrokerAutoConfiguration {
 *
 *     &#64;Bean
 *     PatioTypeContribution patioRabbitBrokerType() {
 *         return PatioTypeContribution.broker("rabbitmq", "io.patio:patio-rabbitmq");
 *     }
 *
 *     &#64;Bean
 *     &#64;ConditionalOnPatioType(property = PatioTypeContribution.BROKER_TYPE, value = "rabbitmq")
 *
&#64;ConditionalOnMissingBean(PatioBroker.class)
 *     RabbitBroker patioBroker(PatioExecutor executor) { ... }
 *
 * }
 * }</pre>
 *
 * @param property the property, such as {@value #BROKER_TYPE}
 * @param value the value as written in properties, in lower case with dashes
 * @param artifact the Maven coordinates ({@code groupId:artifactId}) of the module that
 * provides the value
 */
public record PatioTypeContribution(String property, String value, String artifact) {

	/** The kind of broker. */
	public static final String BROKER_TYPE = "patio.broker.type";

	/** The kind of executor. */
	public static final String EXECUTOR_TYPE = "patio.executor.type";

	/** The wire encoding of the TCP brokers. */
	public static final String TCP_SERIALIZER = "patio.broker.tcp.serializer";

	public PatioTypeContribution {
		Objects.requireNonNull(property, "property");
		Objects.requireNonNull(value, "value");
		Objects.requireNonNull(artifact, "artifact");
	}

	/** A value of {@value #BROKER_TYPE}. */
	public static PatioTypeContribution broker(String value, String artifact) {
		return new PatioTypeContribution(BROKER_TYPE, value, artifact);
	}

	/** A value of {@value #EXECUTOR_TYPE}. */
	public static PatioTypeContribution executor(String value, String artifact) {
		return new PatioTypeContribution(EXECUTOR_TYPE, value, artifact);
	}

	/** A value of {@value #TCP_SERIALIZER}. */
	public static PatioTypeContribution tcpSerializer(String value, String artifact) {
		return new PatioTypeContribution(TCP_SERIALIZER, value, artifact);
	}

}
