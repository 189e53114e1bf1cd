package io.patio.serializer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamWriteException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.impl.UnknownSerializer;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * The types the wire serializers carry, as the table of {@code docs/protocol.md} lists
 * them. Jackson would write almost anything, a {@link Thread} included, as some object,
 * which the other side then cannot read back; this module makes every type outside the
 * table fail when it is written to the wire instead, with an
 * {@link UnsupportedValueException} that names the type (conversions in memory are not
 * affected):
 * <ul>
 * <li>a class of the JDK itself, or one that extends it, is carried only if it is in
 * {@link #JDK_TYPES} (or an array, collection, map or enum, whose elements are checked in
 * turn);</li>
 * <li>an application's own class (a record, a POJO, anything with Jackson annotations) is
 * carried as its properties, unless it has none;</li>
 * <li>map keys are strings, integers, enums or UUIDs.</li>
 * </ul>
 */
final class WireTypes {

	/** The JDK classes that round-trip exactly, besides arrays, collections and maps. */
	static final Set<Class<?>> JDK_TYPES = Set.of(boolean.class, Boolean.class, byte.class, Byte.class, short.class,
			Short.class, int.class, Integer.class, long.class, Long.class, BigInteger.class, float.class, Float.class,
			double.class, Double.class, BigDecimal.class, char.class, Character.class, String.class, UUID.class,
			Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, Duration.class, Optional.class,
			OptionalInt.class, OptionalLong.class, OptionalDouble.class);

	/** The map keys that round-trip exactly (enums too). */
	static final Set<Class<?>> KEY_TYPES = Set.of(String.class, Byte.class, Short.class, Integer.class, Long.class,
			BigInteger.class, UUID.class);

	private WireTypes() {
	}

	static SimpleModule module() {
		SimpleModule module = new SimpleModule("patio-wire-types");
		module.setSerializerModifier(new Modifier());
		return module;
	}

	/**
	 * The class of the JDK outside the table that {@code type} is or extends (a subclass
	 * of {@link Thread} is no more carried than a thread), or {@code null}.
	 */
	static Class<?> jdkClassOutsideTheTable(Class<?> type) {
		if (type.isArray() || type.isEnum()) {
			return null;
		}
		for (Class<?> c = type; c != null && c != Object.class && c != Record.class
				&& c != Enum.class; c = c.getSuperclass()) {
			if (JDK_TYPES.contains(c)) {
				return null;
			}
			if (isJdkClass(c)) {
				return c;
			}
		}
		return (type == Object.class) ? Object.class : null;
	}

	static boolean isJdkClass(Class<?> type) {
		ClassLoader loader = type.getClassLoader();
		return loader == null || loader == ClassLoader.getPlatformClassLoader();
	}

	/**
	 * Why {@code value} is too long for the wire, or {@code null}: a number is carried
	 * with at most {@value JacksonSerializer#MAX_NUMBER_LENGTH} decimal digits, counted
	 * as a JSON reader counts them (every digit of its text: integer part, fraction and
	 * exponent), in CBOR as in JSON. Cheap for any size: the bit length rules out a huge
	 * number before its text is made.
	 */
	static String tooManyDigits(Number value) {
		BigInteger unscaled = (value instanceof BigDecimal decimal) ? decimal.unscaledValue()
				: (value instanceof BigInteger integer) ? integer : null;
		if (unscaled == null) {
			return null;
		}
		// 2^3330 > 10^1002: a number of more bits has more digits than the cap
		long atLeast = (unscaled.bitLength() > 3330) ? (long) (unscaled.bitLength() * LOG10_2) : -1;
		long digits = (atLeast >= 0) ? atLeast : digitsOf(value.toString());
		if (digits <= JacksonSerializer.MAX_NUMBER_LENGTH) {
			return null;
		}
		return "it has " + ((atLeast >= 0) ? "about " : "") + digits + " digits; the wire carries numbers of at most "
				+ JacksonSerializer.MAX_NUMBER_LENGTH + " digits (integer part, fraction and exponent together)";
	}

	private static final double LOG10_2 = Math.log10(2);

	private static long digitsOf(String text) {
		long digits = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				digits++;
			}
		}
		return digits;
	}

	/** Thrown while writing; {@link JacksonSerializer} turns it into the public type. */
	static final class Refusal extends StreamWriteException {

		private static final long serialVersionUID = 1L;

		final transient Class<?> type;

		Refusal(JsonGenerator generator, Class<?> type, String reason) {
			super(generator, reason);
			this.type = type;
		}

	}

	private static final class Modifier extends ValueSerializerModifier {

		private static final long serialVersionUID = 1L;

		@Override
		public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier description,
				ValueSerializer<?> serializer) {
			Class<?> type = description.getBeanClass();
			if (type == BigInteger.class || type == BigDecimal.class) {
				return new BigNumber(serializer);
			}
			if (serializer instanceof UnknownSerializer) {
				return new Refused(description.getType(), "it has no properties to write", serializer);
			}
			Class<?> jdk = jdkClassOutsideTheTable(type);
			if (jdk != null) {
				return new Refused(description.getType(),
						((jdk != type) ? "it is a " + jdk.getName() + ", which is" : "it is")
								+ " not one of the types the wire carries",
						serializer);
			}
			return serializer;
		}

		@Override
		public ValueSerializer<?> modifyKeySerializer(SerializationConfig config, JavaType valueType,
				BeanDescription.Supplier description, ValueSerializer<?> serializer) {
			Class<?> type = valueType.getRawClass();
			if (type == Object.class) {
				// a map declared with Object keys: each key's own class is checked in
				// turn,
				// and a bare Object is no key
				return new ObjectKey(serializer);
			}
			if (KEY_TYPES.contains(type) || type.isEnum() || Enum.class.isAssignableFrom(type)) {
				return serializer;
			}
			return new Refused(valueType,
					"a map key must be a String, an integer (Byte, Short, Integer, Long, BigInteger), an enum or a UUID",
					serializer);
		}

	}

	/**
	 * Writes a {@link BigInteger} or {@link BigDecimal} to the wire only if the other
	 * side can read it back: see {@link #tooManyDigits}. Conversions in memory are not
	 * affected.
	 */
	private static final class BigNumber extends StdSerializer<Object> {

		private final ValueSerializer<Object> original;

		@SuppressWarnings("unchecked")
		BigNumber(ValueSerializer<?> original) {
			super(Object.class);
			this.original = (ValueSerializer<Object>) original;
		}

		@Override
		public void resolve(SerializationContext context) {
			this.original.resolve(context);
		}

		@Override
		public ValueSerializer<?> createContextual(SerializationContext context, BeanProperty property) {
			ValueSerializer<?> contextual = this.original.createContextual(context, property);
			return (contextual == this.original) ? this : new BigNumber(contextual);
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			if (!(generator instanceof TokenBuffer)) {
				String reason = tooManyDigits((Number) value);
				if (reason != null) {
					throw new Refusal(generator, value.getClass(), reason);
				}
			}
			this.original.serialize(value, generator, context);
		}

	}

	/** The key serializer of a map declared with {@code Object} keys. */
	private static final class ObjectKey extends StdSerializer<Object> {

		private final ValueSerializer<Object> delegate;

		@SuppressWarnings("unchecked")
		ObjectKey(ValueSerializer<?> delegate) {
			super(Object.class);
			this.delegate = (ValueSerializer<Object>) delegate;
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			if (value.getClass() == Object.class && !(generator instanceof TokenBuffer)) {
				throw new Refusal(generator, Object.class, "a bare Object is no map key");
			}
			this.delegate.serialize(value, generator, context);
		}

	}

	/**
	 * Stands for the serializer of a type the wire does not carry. Only writing to the
	 * wire is refused: the same mapper converts values in memory (binding an argument of
	 * another type to a parameter, {@code convertValue} through a {@link TokenBuffer}),
	 * and there every value goes on as before.
	 */
	private static final class Refused extends StdSerializer<Object> {

		private final JavaType type;

		private final String reason;

		private final ValueSerializer<Object> original;

		@SuppressWarnings("unchecked")
		Refused(JavaType type, String reason, ValueSerializer<?> original) {
			super(type);
			this.type = type;
			this.reason = reason;
			this.original = (ValueSerializer<Object>) original;
		}

		@Override
		public void resolve(SerializationContext context) {
			this.original.resolve(context);
		}

		@Override
		public ValueSerializer<?> createContextual(SerializationContext context, BeanProperty property) {
			ValueSerializer<?> contextual = this.original.createContextual(context, property);
			return (contextual == this.original) ? this : new Refused(this.type, this.reason, contextual);
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			if (generator instanceof TokenBuffer) {
				this.original.serialize(value, generator, context);
				return;
			}
			throw new Refusal(generator, value.getClass(), this.reason);
		}

	}

}
