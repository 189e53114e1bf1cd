package io.patio.registry;

/**
 * Calls one task's method with bound arguments. patio generates one per task, so that a
 * call costs a direct method call rather than {@link java.lang.reflect.Method#invoke}.
 * Public only because the generated class lives in the task's own package; not for use
 * outside patio.
 */
@FunctionalInterface
public interface TaskInvoker {

	/**
	 * Calls the method on {@code target} ({@code null} for a static one) with arguments
	 * that already have the parameters' types; the method's own exception is thrown as it
	 * is.
	 */
	Object invoke(Object target, Object[] args) throws Throwable;

}
