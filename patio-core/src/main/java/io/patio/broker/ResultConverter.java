package io.patio.broker;

import java.lang.reflect.Type;

import io.patio.ResultConversionException;
import io.patio.serializer.PlainNodes;
import io.patio.serializer.WireMapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Converts a task's result to the type its caller asked for: as it is when it already has
 * that type, from a JSON tree when it came off a wire, through the protocol's strict
 * mapper otherwise.
 */
public final class ResultConverter {

	private static final ObjectMapper MAPPER = WireMapper.json();

	private final JavaType type;

	private final Class<?> raw;

	private final boolean plain;

	private final Mapping mapping = new Mapping();

	/** The type an answer may bind to straight from its payload, or {@code null}. */
	private final JavaType bean;

	private ResultConverter(Type type) {
		this.type = MAPPER.constructType(type);
		this.raw = box(this.type.getRawClass());
		this.plain = type instanceof Class<?>;
		this.bean = isBean(this.type) ? this.type : null;
	}

	/** A class of the application's with properties: a record or a bean, no container. */
	private static boolean isBean(JavaType type) {
		Class<?> raw = type.getRawClass();
		return !type.isContainerType() && !type.isPrimitive() && !type.isEnumType() && !raw.isInterface()
				&& !java.lang.reflect.Modifier.isAbstract(raw.getModifiers()) && !raw.isArray()
				&& !raw.getName().startsWith("java.") && !JsonNode.class.isAssignableFrom(raw);
	}

	/**
	 * The record or bean class an answer may be bound to straight from its payload
	 * ({@link io.patio.serializer.Serializer#decodeAs}), skipping the tree that
	 * {@link #convert} would bind it from; {@code null} for every other type.
	 */
	public JavaType getBeanType() {
		return this.bean;
	}

	/** The converter behind a mapping of {@link #asMapping()}, or {@code null}. */
	public static ResultConverter ofMapping(java.util.function.BiFunction<String, Object, Object> mapping) {
		return (mapping instanceof Mapping own) ? own.converter() : null;
	}

	public static ResultConverter of(Type type) {
		return new ResultConverter(type);
	}

	/**
	 * Whether every result passes through unchanged (the caller asked for
	 * {@code Object}).
	 */
	public boolean isIdentity() {
		return this.raw == Object.class;
	}

	/** {@link #convert} as a function of the task's name and its result. */
	public java.util.function.BiFunction<String, Object, Object> asMapping() {
		return this.mapping;
	}

	/** {@link #convert}, knowing its converter. */
	private final class Mapping implements java.util.function.BiFunction<String, Object, Object> {

		@Override
		public Object apply(String task, Object result) {
			return convert(task, result);
		}

		ResultConverter converter() {
			return ResultConverter.this;
		}

	}

	public JavaType getType() {
		return this.type;
	}

	/**
	 * The result as the requested type.
	 * @throws ResultConversionException when it does not convert
	 */
	public Object convert(String task, Object result) {
		if (this.plain && result != null && result.getClass() == this.raw) {
			return result; // the common case, exactly the requested class
		}
		if (result instanceof JsonNode node && !JsonNode.class.isAssignableFrom(this.raw)) {
			if (node.isNull() || node.isMissingNode()) {
				return nullResult(task);
			}
			Object plain = PlainNodes.valueOf(node, this.raw);
			if (plain != null) {
				return plain;
			}
			try {
				return MAPPER.treeToValue(node, this.type);
			}
			catch (JacksonException ex) {
				throw mismatch(task, "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), ex);
			}
		}
		if (result == null) {
			return nullResult(task);
		}
		if (this.raw == Void.class) {
			return null;
		}
		if (this.plain && this.raw.isInstance(result)) {
			return result;
		}
		try {
			return MAPPER.convertValue(result, this.type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw mismatch(task, result.getClass().getName(), ex);
		}
	}

	private Object nullResult(String task) {
		if (this.type.isPrimitive()) {
			throw new ResultConversionException(task,
					"Task '" + task + "' returned null, which cannot be a " + this.type.getRawClass().getName(), null);
		}
		return null;
	}

	private ResultConversionException mismatch(String task, String given, Exception ex) {
		String detail = (ex.getMessage() != null) ? ex.getMessage().lines().findFirst().orElse("") : "";
		return new ResultConversionException(task, "Task '" + task + "' returned " + given
				+ ", which does not convert to the requested " + this.type.toCanonical() + ": " + detail, ex);
	}

	private static Class<?> box(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
	}

}
