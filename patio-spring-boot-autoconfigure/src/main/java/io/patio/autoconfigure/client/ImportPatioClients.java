package io.patio.autoconfigure.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers a typed client bean for each task contract (an interface annotated
 * {@link io.patio.client.PatioClient @PatioClient}) listed in {@link #types()} or found
 * in {@link #basePackages()}, after Spring Framework's {@code @ImportHttpServices}. With
 * neither, the package of the annotated class is scanned.
 * <p>
 * Each client is injectable by its interface. It is the
 * {@linkplain org.springframework.context.annotation.Primary primary} bean of that type,
 * so an application that also implements the contract injects the client where it asks
 * for the interface, and its implementation by the implementation's class (or bean name).
 * Its bean name is the interface's fully qualified name followed by {@code .patioClient}.
 * A method that cannot be a task fails the startup, naming the method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(PatioClientsRegistrar.class)
public @interface ImportPatioClients {

	/** Contract interfaces to make clients of. */
	Class<?>[] types() default {};

	/** Packages to scan for contract interfaces. */
	String[] basePackages() default {};

	/** Packages to scan, given by a class of each. */
	Class<?>[] basePackageClasses() default {};

}
