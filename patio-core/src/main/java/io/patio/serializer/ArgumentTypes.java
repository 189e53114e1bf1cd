package io.patio.serializer;

import tools.jackson.databind.JavaType;

/**
 * The types a receiving side will bind a call's positional arguments to, so that a
 * serializer can bind an argument straight from the payload while it reads the call
 * ({@link Serializer#decodeCall(byte[], ArgumentTypes)}) instead of building its neutral
 * form first. A {@link io.patio.registry.Registry} gives them for its tasks
 * ({@link io.patio.registry.Registry#argumentTypes()}).
 */
@FunctionalInterface
public interface ArgumentTypes {

	/** No types known: every argument stays in the neutral form. */
	ArgumentTypes NONE = new ArgumentTypes() {

		@Override
		public JavaType positional(String task, int index) {
			return null;
		}

		@Override
		public boolean bindsAny(String task) {
			return false;
		}

	};

	/**
	 * Whether {@link #positional} gives a type for some argument of {@code task}, so that
	 * a serializer reading one of its calls has something to bind; one that has not reads
	 * the call as it would without types, at no extra cost. By default, always.
	 */
	default boolean bindsAny(String task) {
		return true;
	}

	/**
	 * The type that positional argument {@code index} of {@code task} binds to, when it
	 * may be bound before the call runs: a class with properties, such as a record or a
	 * bean. {@code null} for an unknown task, a parameter that takes the neutral form or
	 * a plain value, or one bound by keyword, and the argument then stays in the neutral
	 * form.
	 */
	JavaType positional(String task, int index);

}
