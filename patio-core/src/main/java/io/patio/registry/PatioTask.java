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

	/**
	 * Runs the task on the thread that delivers its call instead of handing it to the
	 * executor's workers: for a call over TCP the connection's event loop, for an
	 * in-memory call the caller's own thread. A call then costs no hand-off and no
	 * wake-up of a worker and of the event loop, which for a task of a few microseconds
	 * is most of its cost.
	 * <p>
	 * Only for tasks that take microseconds and never block or wait: while one runs,
	 * nothing else runs on that thread (over TCP, no other call of any connection of that
	 * event loop is read or answered), no timeout interrupts it, and {@code max-workers}
	 * does not count it. The thread-pool and virtual-threads executors honour it; the
	 * async executor invokes every task on the delivering thread already, and the process
	 * pool always runs its tasks in a worker process, so both ignore it.
	 */
	boolean inline() default false;

}
