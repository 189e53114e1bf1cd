package io.patio.registry;

import java.io.Serializable;

/**
 * A serializable method reference to a task, such as {@code MathTasks::mul}. The registry
 * computes the task's generated name from it, so a caller can call a task by reference
 * without holding the bean that implements it. Only unbound references to instance
 * methods ({@code Type::method}) are accepted.
 */
public interface TaskReference extends Serializable {

	/** A task with no parameters. */
	@FunctionalInterface
	interface Of0<T, R> extends TaskReference {

		R call(T target) throws Exception;

	}

	/** A task with one parameter. */
	@FunctionalInterface
	interface Of1<T, A, R> extends TaskReference {

		R call(T target, A a) throws Exception;

	}

	/** A task with two parameters. */
	@FunctionalInterface
	interface Of2<T, A, B, R> extends TaskReference {

		R call(T target, A a, B b) throws Exception;

	}

	/** A task with three parameters. */
	@FunctionalInterface
	interface Of3<T, A, B, C, R> extends TaskReference {

		R call(T target, A a, B b, C c) throws Exception;

	}

}
