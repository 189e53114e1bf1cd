package io.patio.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A keyword argument: the caller sends the parameter's value under this name, and the
 * worker binds it by this name (not by the parameter's compiled name, so no
 * {@code -parameters} is needed). Such a parameter is keyword-only: positional arguments
 * bind to the other parameters, in order.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Kwarg {

	/** The keyword's name. */
	String value();

}
