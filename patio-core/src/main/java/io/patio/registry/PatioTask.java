package io.patio.registry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a patio task. With no name, the registry generates one:
 * {@code [project.]<fully qualified class>.<method>}.
 * <p>
 * Spring applications get annotated bean methods registered by the starter; plain Java
 * code registers them with {@link Registry#registerAnnotated(Object)}. Usable as a
 * meta-annotation.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PatioTask {

	/** The task's name; empty for a generated name. */
	String value() default "";

}
