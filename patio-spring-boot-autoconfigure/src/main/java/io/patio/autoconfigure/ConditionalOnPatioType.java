package io.patio.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when one of patio's type properties ({@code patio.broker.type},
 * {@code patio.executor.type}, {@code patio.broker.tcp.serializer}) has the given value,
 * compared as Boot binds an enum: ignoring case, dashes and underscores, so
 * {@code tcp-server}, {@code TCP_SERVER} and {@code tcpServer} are one value, as they
 * were when these properties were enums. A module that adds a value uses it on the bean
 * that builds it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnPatioTypeCondition.class)
public @interface ConditionalOnPatioType {

	/** The property, such as {@value PatioTypeContribution#BROKER_TYPE}. */
	String property();

	/** The value, in lower case with dashes, such as {@code tcp-server}. */
	String value();

	/** Whether the condition matches when the property is not set at all. */
	boolean matchIfMissing() default false;

}
