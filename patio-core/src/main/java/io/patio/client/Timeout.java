package io.patio.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A call's budget. On a contract method (or the contract interface, for all its methods),
 * {@link #value()} is the budget of every call of it, such as {@code "5s"},
 * {@code "250ms"} or {@code "PT1M"}. On a {@link java.time.Duration} parameter, the value
 * passed is that call's budget ({@code null} for the method's or the broker's), and the
 * worker binds the budget the call had left when it was bound (or {@code null} when it
 * has none).
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Timeout {

	/**
	 * The budget: a number with a unit ({@code ns}, {@code us}, {@code ms}, {@code s},
	 * {@code m}, {@code h}, {@code d}) or an ISO-8601 duration; empty on a parameter.
	 */
	String value() default "";

}
