package io.patio.registry;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import io.patio.BadArgumentsException;
import io.patio.serializer.PlainNodes;
import io.patio.client.Header;
import io.patio.client.Kwarg;
import io.patio.client.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

// Longer than 400 lines because the fast path, the general path and the path for
// keyword-only and call-bound parameters share the slots and conversions worked out at
// registration, which splitting the class would have to expose.
/**
 * Binds a call's positional and keyword arguments to one method's parameters. Everything
 * reflective is resolved once, when the task is registered; a call whose arguments
 * already have the parameters' types pays for instance checks only. Arguments that came
 * off a wire as JSON trees are bound with the protocol's strict mapper.
 */
final class ArgumentBinder {

	private static final Object[] NO_ARGS = {};

	private final String task;

	private final ObjectMapper mapper;

	private final Slot[] slots;

	private final boolean varargs;

	/** The element slot of a varargs parameter, or {@code null}. */
	private final Slot varargsElement;

	private final Class<?> varargsComponent;

	/**
	 * Set when some parameter is keyword-only ({@link Kwarg @Kwarg}) or bound from the
	 * call ({@link Header @Header}, {@link Timeout @Timeout}): such calls bind through
	 * {@link #bindByKind}.
	 */
	private final boolean byKind;

	ArgumentBinder(String task, Method method, ObjectMapper mapper) {
		this.task = task;
		this.mapper = mapper;
		Parameter[] parameters = method.getParameters();
		Type[] types = method.getGenericParameterTypes();
		this.slots = new Slot[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			Kwarg kwarg = parameters[i].getAnnotation(Kwarg.class);
			Header header = parameters[i].getAnnotation(Header.class);
			boolean budget = parameters[i].isAnnotationPresent(Timeout.class);
			String name = (kwarg != null) ? kwarg.value() : (header != null) ? header.value() : parameters[i].getName();
			this.slots[i] = new Slot(name, kwarg != null || parameters[i].isNamePresent(), types[i],
					parameters[i].getType(), mapper.constructType(types[i]),
					(kwarg != null) ? Kind.KEYWORD : (header != null) ? Kind.HEADER : budget ? Kind.BUDGET : Kind.ANY);
			checkKind(method, parameters[i], this.slots[i]);
		}
		this.byKind = java.util.Arrays.stream(this.slots).anyMatch((slot) -> slot.kind != Kind.ANY);
		this.varargs = method.isVarArgs();
		if (this.varargs) {
			Slot last = this.slots[this.slots.length - 1];
			this.varargsComponent = last.raw.getComponentType();
			Type lastType = types[types.length - 1];
			Type componentType = (lastType instanceof GenericArrayType array) ? array.getGenericComponentType()
					: this.varargsComponent;
			this.varargsElement = new Slot(last.name, last.namePresent, componentType, this.varargsComponent,
					last.javaType.getContentType(), Kind.ANY);
		}
		else {
			this.varargsComponent = null;
			this.varargsElement = null;
		}
	}

	private static void checkKind(Method method, Parameter parameter, Slot slot) {
		int kinds = (parameter.isAnnotationPresent(Kwarg.class) ? 1 : 0)
				+ (parameter.isAnnotationPresent(Header.class) ? 1 : 0)
				+ (parameter.isAnnotationPresent(Timeout.class) ? 1 : 0);
		String where = "Parameter '" + parameter.getName() + "' of " + TaskDefinition.describe(method);
		if (kinds > 1) {
			throw new IllegalArgumentException(where + " carries more than one of @Kwarg, @Header and @Timeout");
		}
		if (slot.kind == Kind.HEADER && slot.raw != String.class) {
			throw new IllegalArgumentException(
					where + " is a @Header, so it must be a String, not " + slot.raw.getName());
		}
		if (slot.kind == Kind.BUDGET && slot.raw != Duration.class) {
			throw new IllegalArgumentException(
					where + " is a @Timeout, so it must be a java.time.Duration, not " + slot.raw.getName());
		}
		if (slot.kind != Kind.ANY && slot.name.isEmpty()) {
			throw new IllegalArgumentException(where + " has an empty @Kwarg or @Header name");
		}
		if (slot.kind != Kind.ANY && parameter.isVarArgs()) {
			throw new IllegalArgumentException(where + " is varargs, so it can only be positional");
		}
	}

	/** Whether some parameter is bound from the call's headers or its budget. */
	boolean needsCallContext() {
		for (Slot slot : this.slots) {
			if (slot.kind == Kind.HEADER || slot.kind == Kind.BUDGET) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The type positional argument {@code index} binds to, when a serializer may bind it
	 * while it reads the call: a class of the application's with properties, such as a
	 * record, at a place that binds only by position. {@code null} for anything else: a
	 * plain value, a container, a tree, a generic or abstract type, varargs, or a method
	 * with keyword, header or budget parameters.
	 */
	JavaType directType(int index) {
		if (this.byKind || index >= this.slots.length - (this.varargs ? 1 : 0)) {
			return null;
		}
		Slot slot = this.slots[index];
		return slot.direct ? slot.javaType : null;
	}

	/** Whether {@link #directType} gives a type for some argument. */
	boolean bindsAnyDirectly() {
		for (int i = 0; i < this.slots.length; i++) {
			if (directType(i) != null) {
				return true;
			}
		}
		return false;
	}

	int parameterCount() {
		return this.slots.length;
	}

	/**
	 * The arguments in parameter order, converted to the parameters' types.
	 * @throws BadArgumentsException when the arguments do not fit the parameters
	 */
	Object[] bind(Object[] args, Map<String, ?> kwargs) {
		return bind(args, kwargs, null, null);
	}

	/**
	 * Like {@link #bind(Object[], Map)}, with what {@link Header @Header} and
	 * {@link Timeout @Timeout} parameters bind to: the call's headers and the budget it
	 * has left (either {@code null} when it has none).
	 */
	Object[] bind(Object[] args, Map<String, ?> kwargs, Map<String, String> headers, Duration budget) {
		if (args == null) {
			args = NO_ARGS;
		}
		if (this.byKind) {
			return bindByKind(args, kwargs, headers, budget);
		}
		int count = this.slots.length;
		if (count == 0 && args.length == 0 && (kwargs == null || kwargs.isEmpty())) {
			return NO_ARGS;
		}
		if (!this.varargs && args.length == count && (kwargs == null || kwargs.isEmpty()) && acceptsAsIs(args)) {
			// Every argument already has its parameter's type: Method.invoke takes the
			// array as it is.
			return args;
		}
		Object[] bound = new Object[count];
		boolean[] set = (kwargs == null || kwargs.isEmpty()) ? null : new boolean[count];
		int fixed = this.varargs ? count - 1 : count;
		if (args.length > fixed && !this.varargs) {
			throw new BadArgumentsException(this.task, "Task '" + this.task + "' takes " + count + " argument"
					+ ((count != 1) ? "s" : "") + " but got " + args.length + " positional");
		}
		int positional = Math.min(args.length, fixed);
		for (int i = 0; i < positional; i++) {
			bound[i] = convert(this.slots[i], args[i]);
		}
		if (this.varargs) {
			bound[fixed] = bindVarargs(args, fixed);
		}
		if (set != null) {
			for (int i = 0; i < positional; i++) {
				set[i] = true;
			}
			if (this.varargs) {
				set[fixed] = true;
			}
			for (Map.Entry<String, ?> entry : kwargs.entrySet()) {
				int index = indexOf(entry.getKey());
				if (index < 0 || (this.varargs && index == fixed)) {
					throw new BadArgumentsException(this.task, "Task '" + this.task + "' has no parameter named '"
							+ entry.getKey() + "'"
							+ (this.slots.length > 0 && !this.slots[0].namePresent
									? " (its class was compiled without -parameters, so only positional arguments bind)"
									: ""));
				}
				if (set[index]) {
					throw new BadArgumentsException(this.task,
							"Task '" + this.task + "' got more than one value for parameter '" + entry.getKey() + "'");
				}
				bound[index] = convert(this.slots[index], entry.getValue());
				set[index] = true;
			}
			for (int i = 0; i < fixed; i++) {
				if (!set[i]) {
					throw missing(i);
				}
			}
		}
		else if (positional < fixed) {
			throw missing(positional);
		}
		return bound;
	}

	/**
	 * Binds when some parameters are keyword-only or come from the call: positional
	 * arguments fill the other parameters in order (the last, varargs, takes the rest),
	 * keyword arguments any parameter but those from the call, headers and the budget
	 * their own.
	 */
	private Object[] bindByKind(Object[] args, Map<String, ?> kwargs, Map<String, String> headers, Duration budget) {
		int count = this.slots.length;
		Object[] bound = new Object[count];
		boolean[] set = new boolean[count];
		int used = 0;
		for (int i = 0; i < count && used < args.length; i++) {
			Slot slot = this.slots[i];
			if (slot.kind != Kind.ANY) {
				continue;
			}
			if (this.varargs && i == count - 1) {
				bound[i] = bindVarargs(args, used);
				used = args.length;
			}
			else {
				bound[i] = convert(slot, args[used++]);
			}
			set[i] = true;
		}
		if (used < args.length) {
			throw new BadArgumentsException(this.task, "Task '" + this.task + "' takes at most " + used
					+ " positional argument" + ((used != 1) ? "s" : "") + " but got " + args.length);
		}
		if (this.varargs && !set[count - 1]) {
			bound[count - 1] = bindVarargs(NO_ARGS, 0);
			set[count - 1] = true;
		}
		if (kwargs != null) {
			for (Map.Entry<String, ?> entry : kwargs.entrySet()) {
				int index = indexOf(entry.getKey());
				Slot slot = (index >= 0) ? this.slots[index] : null;
				if (slot == null || slot.kind == Kind.HEADER || slot.kind == Kind.BUDGET
						|| (this.varargs && index == count - 1)) {
					throw new BadArgumentsException(this.task,
							"Task '" + this.task + "' has no parameter named '" + entry.getKey() + "'");
				}
				if (set[index]) {
					throw new BadArgumentsException(this.task,
							"Task '" + this.task + "' got more than one value for parameter '" + entry.getKey() + "'");
				}
				bound[index] = convert(slot, entry.getValue());
				set[index] = true;
			}
		}
		for (int i = 0; i < count; i++) {
			Slot slot = this.slots[i];
			if (slot.kind == Kind.HEADER) {
				bound[i] = (headers != null) ? headers.get(slot.name) : null;
			}
			else if (slot.kind == Kind.BUDGET) {
				bound[i] = budget;
			}
			else if (!set[i]) {
				throw missing(i);
			}
		}
		return bound;
	}

	private boolean acceptsAsIs(Object[] args) {
		for (int i = 0; i < args.length; i++) {
			Object value = args[i];
			Slot slot = this.slots[i];
			if (value != null && value.getClass() == slot.boxed && slot.plain) {
				continue; // the common case, exactly the parameter's class
			}
			if ((value == null) ? slot.raw.isPrimitive()
					: (value instanceof JsonNode && !slot.acceptsTree) || !slot.accepts(value)) {
				return false;
			}
		}
		return true;
	}

	private BadArgumentsException missing(int index) {
		return new BadArgumentsException(this.task, "Task '" + this.task + "' is missing argument '"
				+ this.slots[index].name + "' (parameter " + (index + 1) + " of " + this.slots.length + ")");
	}

	private Object bindVarargs(Object[] args, int fixed) {
		int extra = args.length - fixed;
		if (extra == 1 && this.slots[fixed].raw.isInstance(args[fixed])) {
			// A Java caller handed over the array itself, as Java's own varargs allow.
			return args[fixed];
		}
		Object array = Array.newInstance(this.varargsComponent, Math.max(extra, 0));
		for (int i = 0; i < extra; i++) {
			Array.set(array, i, convert(this.varargsElement, args[fixed + i]));
		}
		return array;
	}

	private int indexOf(String name) {
		for (int i = 0; i < this.slots.length; i++) {
			if (this.slots[i].name.equals(name)) {
				return i;
			}
		}
		return -1;
	}

	private Object convert(Slot slot, Object value) {
		if (value instanceof JsonNode node && !slot.acceptsTree) {
			if (node.isNull() || node.isMissingNode()) {
				value = null;
			}
			else {
				Object plain = PlainNodes.valueOf(node, slot.boxed);
				if (plain != null) {
					return plain;
				}
				try {
					return this.mapper.treeToValue(node, slot.javaType);
				}
				catch (JacksonException ex) {
					throw badType(slot, describe(node), ex);
				}
			}
		}
		if (value == null) {
			if (slot.raw.isPrimitive()) {
				throw new BadArgumentsException(this.task, "Task '" + this.task + "' got null for parameter '"
						+ slot.name + "' of primitive type " + slot.raw.getName());
			}
			return null;
		}
		if (slot.accepts(value)) {
			return value;
		}
		try {
			return this.mapper.convertValue(value, slot.javaType);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw badType(slot, value.getClass().getName(), ex);
		}
	}

	private BadArgumentsException badType(Slot slot, String given, Exception ex) {
		String detail = (ex.getMessage() != null) ? ex.getMessage().lines().findFirst().orElse("") : "";
		return new BadArgumentsException(this.task, "Task '" + this.task + "' cannot bind " + given + " to parameter '"
				+ slot.name + "' of type " + slot.javaType.toCanonical() + ": " + detail, ex);
	}

	private static String describe(JsonNode node) {
		return "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
	}

	/** Where a parameter's value comes from. */
	private enum Kind {

		/** A positional or keyword argument. */
		ANY,
		/** A keyword argument only ({@link Kwarg @Kwarg}). */
		KEYWORD,
		/** The call's header of the slot's name ({@link Header @Header}). */
		HEADER,
		/** The call's remaining budget ({@link Timeout @Timeout}). */
		BUDGET

	}

	/** One parameter, with what was worked out for it at registration. */
	private static final class Slot {

		final String name;

		final boolean namePresent;

		final Class<?> raw;

		final Class<?> boxed;

		final JavaType javaType;

		final boolean acceptsTree;

		/** Set when a value of the raw type can be used with no look inside. */
		final boolean plain;

		/** Set when a serializer may bind an object to it as it reads it. */
		final boolean direct;

		/**
		 * For Collection<E> and Map<K, V> of plain classes: the classes to check the
		 * elements against.
		 */
		final Class<?> elementClass;

		final Class<?> keyClass;

		final Kind kind;

		Slot(String name, boolean namePresent, Type type, Class<?> raw, JavaType javaType, Kind kind) {
			this.kind = kind;
			this.name = name;
			this.namePresent = namePresent;
			this.raw = raw;
			this.boxed = box(raw);
			this.javaType = javaType;
			this.acceptsTree = JsonNode.class.isAssignableFrom(raw);
			Class<?> element = null;
			Class<?> key = null;
			if (type instanceof ParameterizedType parameterized) {
				Type[] arguments = parameterized.getActualTypeArguments();
				if (Collection.class.isAssignableFrom(raw) && arguments.length == 1
						&& arguments[0] instanceof Class<?> c && !c.isPrimitive()) {
					element = c;
				}
				else if (Map.class.isAssignableFrom(raw) && arguments.length == 2 && arguments[0] instanceof Class<?> k
						&& arguments[1] instanceof Class<?> v) {
					key = k;
					element = v;
				}
			}
			// An array's own type is checked on every store, so a plain class says it
			// all.
			this.plain = type instanceof Class<?>;
			this.direct = this.plain && kind == Kind.ANY && !raw.isPrimitive() && !raw.isArray() && !raw.isInterface()
					&& !java.lang.reflect.Modifier.isAbstract(raw.getModifiers()) && !raw.getName().startsWith("java.")
					&& !this.acceptsTree;
			this.elementClass = element;
			this.keyClass = key;
		}

		boolean accepts(Object value) {
			if (!this.boxed.isInstance(value)) {
				return false;
			}
			if (this.plain) {
				return true;
			}
			if (this.elementClass == null) {
				return false;
			}
			if (this.keyClass == null) {
				for (Object element : (Collection<?>) value) {
					if (element != null && !this.elementClass.isInstance(element)) {
						return false;
					}
				}
				return true;
			}
			for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
				if (entry.getKey() != null && !this.keyClass.isInstance(entry.getKey())
						|| entry.getValue() != null && !this.elementClass.isInstance(entry.getValue())) {
					return false;
				}
			}
			return true;
		}

		private static Class<?> box(Class<?> type) {
			if (!type.isPrimitive()) {
				return type;
			}
			if (type == int.class) {
				return Integer.class;
			}
			if (type == long.class) {
				return Long.class;
			}
			if (type == double.class) {
				return Double.class;
			}
			if (type == boolean.class) {
				return Boolean.class;
			}
			if (type == float.class) {
				return Float.class;
			}
			if (type == short.class) {
				return Short.class;
			}
			if (type == byte.class) {
				return Byte.class;
			}
			if (type == char.class) {
				return Character.class;
			}
			return Void.class;
		}

	}

}
