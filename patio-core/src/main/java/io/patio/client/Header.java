package io.patio.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A header of the call, for a {@code String} parameter: the caller sends the value as the
 * call's header of this name (none when it is {@code null}); the worker binds the
 * request's header of this name, or {@code null} when the call has none.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Header {

	/** The header's name. */
	String value();

}
