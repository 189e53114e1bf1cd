package io.patio.registry;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;

import io.patio.BadArgumentsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

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

	ArgumentBinder(String task, Method method, ObjectMapper mapper) {
		this.task = task;
		this.mapper = mapper;
		Parameter[] parameters = method.getParameters();
		Type[] types = method.getGenericParameterTypes();
		this.slots = new Slot[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			this.slots[i] = new Slot(parameters[i].getName(), parameters[i].isNamePresent(), types[i],
					parameters[i].getType(), mapper.constructType(types[i]));
		}
		this.varargs = method.isVarArgs();
		if (this.varargs) {
			Slot last = this.slots[this.slots.length - 1];
			this.varargsComponent = last.raw.getComponentType();
			Type lastType = types[types.length - 1];
			Type componentType = (lastType instanceof GenericArrayType array) ? array.getGenericComponentType()
					: this.varargsComponent;
			this.varargsElement = new Slot(last.name, last.namePresent, componentType, this.varargsComponent,
					last.javaType.getContentType());
		}
		else {
			this.varargsComponent = null;
			this.varargsElement = null;
		}
	}

	int parameterCount() {
		return this.slots.length;
	}

	/**
	 * The arguments in parameter order, converted to the parameters' types.
	 * @throws BadArgumentsException when the arguments do not fit the parameters
	 */
	Object[] bind(Object[] args, Map<String, ?> kwargs) {
		if (args == null) {
			args = NO_ARGS;
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

		/**
		 * For Collection<E> and Map<K, V> of plain classes: the classes to check the
		 * elements against.
		 */
		final Class<?> elementClass;

		final Class<?> keyClass;

		Slot(String name, boolean namePresent, Type type, Class<?> raw, JavaType javaType) {
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
