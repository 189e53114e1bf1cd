package io.patio.broker.client;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.patio.ResultConversionException;
import io.patio.broker.PatioBroker;
import io.patio.call.Call;
import io.patio.client.Header;
import io.patio.client.Kwarg;
import io.patio.client.Timeout;
import io.patio.registry.Registry;

/**
 * One method of a typed client, worked out once: the task's name, the result type read
 * from the method's generic signature, what to do with the future, and where each
 * parameter goes (positional, spread varargs, keyword, header, budget). A call copies
 * arguments into a {@link Call}, or, for a method with positional parameters only and a
 * plain result class, takes the broker's shortest path.
 */
final class ClientMethod {

	private static final Object[] NO_ARGS = {};

	private final String task;

	private final Type resultType;

	/** The result class when the result type is a plain class, for the shortest path. */
	private final Class<?> resultClass;

	private final Returns returns;

	private final boolean primitiveResult;

	/**
	 * Whether every parameter is positional, no {@code @Timeout} applies and the result
	 * is a plain class: then a call takes the broker's shortest path.
	 */
	private final boolean plain;

	private final int[] positional;

	private final boolean spreadLast;

	private final int[] kwargIndexes;

	private final String[] kwargNames;

	private final int[] headerIndexes;

	private final String[] headerNames;

	private final int timeoutIndex;

	/** The method's or the contract's {@code @Timeout}, or {@code null}. */
	private final Duration timeout;

	private ClientMethod(String task, Method method, Class<?> contract) {
		this.task = task;
		Class<?> raw = method.getReturnType();
		Type generic = method.getGenericReturnType();
		if (raw == void.class || raw == Void.class) {
			this.returns = Returns.NOTHING;
			this.resultType = Object.class;
		}
		else if (raw == CompletableFuture.class || raw == CompletionStage.class) {
			this.returns = Returns.FUTURE;
			this.resultType = futureValueType(generic);
		}
		else if (java.util.concurrent.Future.class.isAssignableFrom(raw)
				|| CompletionStage.class.isAssignableFrom(raw)) {
			throw new IllegalArgumentException("returns " + raw.getName()
					+ ", which a client cannot make; return T, CompletableFuture<T>, CompletionStage<T> or void");
		}
		else {
			this.returns = Returns.VALUE;
			this.resultType = checked(raw.isPrimitive() ? box(raw) : generic);
		}
		this.primitiveResult = raw.isPrimitive() && raw != void.class;
		this.resultClass = (this.resultType instanceof Class<?> type) ? type : null;

		java.lang.reflect.Parameter[] parameters = method.getParameters();
		List<Integer> positionals = new ArrayList<>();
		List<Integer> kwargs = new ArrayList<>();
		List<String> kwargNames = new ArrayList<>();
		List<Integer> headers = new ArrayList<>();
		List<String> headerNames = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		int timeoutAt = -1;
		for (int i = 0; i < parameters.length; i++) {
			java.lang.reflect.Parameter parameter = parameters[i];
			Kwarg kwarg = parameter.getAnnotation(Kwarg.class);
			Header header = parameter.getAnnotation(Header.class);
			Timeout budget = parameter.getAnnotation(Timeout.class);
			String where = "parameter " + (i + 1) + " (" + parameter.getName() + ")";
			if (((kwarg != null) ? 1 : 0) + ((header != null) ? 1 : 0) + ((budget != null) ? 1 : 0) > 1) {
				throw new IllegalArgumentException(where + " carries more than one of @Kwarg, @Header and @Timeout");
			}
			if ((kwarg != null || header != null || budget != null) && parameter.isVarArgs()) {
				throw new IllegalArgumentException(where + " is varargs, so it can only be positional");
			}
			if (kwarg != null) {
				if (kwarg.value().isEmpty() || !seen.add("kwarg:" + kwarg.value())) {
					throw new IllegalArgumentException(
							where + ": @Kwarg name '" + kwarg.value() + "' is empty or repeated");
				}
				kwargs.add(i);
				kwargNames.add(kwarg.value());
			}
			else if (header != null) {
				if (parameter.getType() != String.class) {
					throw new IllegalArgumentException(where + " is a @Header, so it must be a String");
				}
				if (header.value().isEmpty() || !seen.add("header:" + header.value())) {
					throw new IllegalArgumentException(
							where + ": @Header name '" + header.value() + "' is empty or repeated");
				}
				headers.add(i);
				headerNames.add(header.value());
			}
			else if (budget != null) {
				if (parameter.getType() != Duration.class) {
					throw new IllegalArgumentException(where + " is a @Timeout, so it must be a java.time.Duration");
				}
				if (timeoutAt >= 0) {
					throw new IllegalArgumentException(where + " is a second @Timeout parameter");
				}
				timeoutAt = i;
			}
			else {
				positionals.add(i);
			}
		}
		this.positional = positionals.stream().mapToInt(Integer::intValue).toArray();
		this.spreadLast = method.isVarArgs();
		this.kwargIndexes = kwargs.stream().mapToInt(Integer::intValue).toArray();
		this.kwargNames = kwargNames.toArray(String[]::new);
		this.headerIndexes = headers.stream().mapToInt(Integer::intValue).toArray();
		this.headerNames = headerNames.toArray(String[]::new);
		this.timeoutIndex = timeoutAt;
		Timeout fixed = method.getAnnotation(Timeout.class);
		if (fixed == null) {
			fixed = method.getDeclaringClass().getAnnotation(Timeout.class);
		}
		if (fixed == null) {
			fixed = contract.getAnnotation(Timeout.class);
		}
		this.timeout = (fixed != null) ? Durations.parse(fixed.value()) : null;
		this.plain = this.positional.length == parameters.length && this.timeout == null && this.resultClass != null;
	}

	/**
	 * The call of {@code method} of {@code contract}, named as {@code registry} names it.
	 * @throws IllegalArgumentException when the method cannot be a task, saying why
	 */
	static ClientMethod of(Registry registry, Class<?> contract, Method method) {
		return new ClientMethod(registry.taskNameOf(method), method, contract);
	}

	String task() {
		return this.task;
	}

	Object invoke(PatioBroker broker, Object[] args) throws Throwable {
		if (args == null) {
			args = NO_ARGS;
		}
		CompletableFuture<?> future = this.plain ? broker.call(this.task, this.resultClass, positionalArguments(args))
				: broker.call(request(args));
		return switch (this.returns) {
			case FUTURE -> future;
			case NOTHING -> {
				await(future);
				yield null;
			}
			case VALUE -> {
				Object value = await(future);
				if (value == null && this.primitiveResult) {
					throw new ResultConversionException(this.task,
							"Task '" + this.task + "' returned null, which the client's primitive "
									+ this.resultType.getTypeName() + " cannot hold",
							null);
				}
				yield value;
			}
		};
	}

	private Call<Object> request(Object[] args) {
		Call<Object> call = Call.of(this.task, this.resultType);
		call.args(positionalArguments(args));
		for (int i = 0; i < this.kwargIndexes.length; i++) {
			call.kwarg(this.kwargNames[i], args[this.kwargIndexes[i]]);
		}
		for (int i = 0; i < this.headerIndexes.length; i++) {
			Object value = args[this.headerIndexes[i]];
			if (value != null) {
				call.header(this.headerNames[i], (String) value);
			}
		}
		Duration budget = (this.timeoutIndex >= 0) ? (Duration) args[this.timeoutIndex] : null;
		call.timeout((budget != null) ? budget : this.timeout);
		return call;
	}

	/**
	 * The positional arguments, with a varargs array spread, as Java's own call reads.
	 */
	private Object[] positionalArguments(Object[] args) {
		int count = this.positional.length;
		Object last = (this.spreadLast && count > 0) ? args[this.positional[count - 1]] : null;
		int spread = (last != null) ? java.lang.reflect.Array.getLength(last) : 0;
		if (!this.spreadLast && count == args.length) {
			return args;
		}
		int fixed = this.spreadLast ? count - 1 : count;
		Object[] positional = new Object[fixed + spread];
		for (int i = 0; i < fixed; i++) {
			positional[i] = args[this.positional[i]];
		}
		for (int i = 0; i < spread; i++) {
			positional[fixed + i] = java.lang.reflect.Array.get(last, i);
		}
		return positional;
	}

	/**
	 * Waits for the call, which always ends within its budget, and throws what it failed
	 * with, unwrapped: a {@link io.patio.PatioException} as it is.
	 */
	private static Object await(CompletableFuture<?> future) throws Throwable {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			throw unwrap(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ex;
		}
	}

	private static Throwable unwrap(Throwable failure) {
		while (failure instanceof CompletionException && failure.getCause() != null) {
			failure = failure.getCause();
		}
		return failure;
	}

	private static Type futureValueType(Type generic) {
		if (!(generic instanceof ParameterizedType parameterized)) {
			throw new IllegalArgumentException("returns a raw " + generic.getTypeName()
					+ "; give its value type, e.g. CompletableFuture<Integer>");
		}
		Type value = parameterized.getActualTypeArguments()[0];
		if (value instanceof WildcardType wildcard) {
			value = wildcard.getUpperBounds()[0];
		}
		if (value == Void.class) {
			return Object.class;
		}
		return checked(value);
	}

	/** A result type that a result converts to: one with no type variable in it. */
	private static Type checked(Type type) {
		if (containsVariable(type)) {
			throw new IllegalArgumentException("returns " + type.getTypeName()
					+ ", which has a type variable; a client needs the concrete result type");
		}
		return type;
	}

	private static boolean containsVariable(Type type) {
		if (type instanceof TypeVariable<?>) {
			return true;
		}
		if (type instanceof ParameterizedType parameterized) {
			for (Type argument : parameterized.getActualTypeArguments()) {
				if (containsVariable(argument)) {
					return true;
				}
			}
		}
		if (type instanceof WildcardType wildcard) {
			for (Type bound : wildcard.getUpperBounds()) {
				if (containsVariable(bound)) {
					return true;
				}
			}
		}
		if (type instanceof java.lang.reflect.GenericArrayType array) {
			return containsVariable(array.getGenericComponentType());
		}
		return false;
	}

	private static Class<?> box(Class<?> primitive) {
		return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
	}

	/** What a method returns, and so what its call does with the future. */
	private enum Returns {

		/** {@code T}: waits, and throws what the call failed with. */
		VALUE,
		/**
		 * {@code CompletableFuture<T>} or {@code CompletionStage<T>}: the future itself.
		 */
		FUTURE,
		/** {@code void}: waits for the call to end. */
		NOTHING

	}

}
