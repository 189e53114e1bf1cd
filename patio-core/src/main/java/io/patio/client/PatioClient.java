package io.patio.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a task contract, shared by the callers and the workers of its
 * tasks. Each abstract method is a task: on a worker, a bean that implements the
 * interface is registered under the contract's names with no annotation repeated; on a
 * caller, {@code PatioClients.create(broker, Contract.class)} (or Spring's
 * {@code @ImportPatioClients}) makes a proxy that turns each method into a call.
 * <p>
 * A method's task name is its {@link io.patio.registry.PatioTask @PatioTask} value when
 * it has one, else {@code [project.]<fully qualified interface>.<method>}: computed from
 * the interface alone, so caller and worker agree by construction. In a strict registry a
 * generated name ends with a digest of the method's signature (an interface has no
 * bytecode to digest). An interface without this annotation changes no meaning.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PatioClient {

	/**
	 * The project that prefixes this contract's generated names, on both sides; empty
	 * (the default) for the registry's own project.
	 */
	String project() default "";

}
