package io.patio.serializer;

/**
 * A value that a serializer does not carry: a type outside the table of
 * {@code docs/protocol.md} (such as a {@link Thread}, a plain {@link Object}, a class
 * with no properties, or a map key that is not a string, an integer, an enum or a UUID),
 * or a number that the format cannot hold ({@code NaN} and infinities in JSON). It is
 * raised by {@link Serializer#encode} before anything is sent, so nothing is changed or
 * lost on the way.
 */
public class UnsupportedValueException extends SerializationException {

	private final Class<?> type;

	private final String serializer;

	public UnsupportedValueException(Class<?> type, String serializer, String message, Throwable cause) {
		super(message, cause);
		this.type = type;
		this.serializer = serializer;
	}

	/** The Java type of the offending value (for a non-finite number, its boxed type). */
	public Class<?> getType() {
		return this.type;
	}

	/** The name of the serializer that refused it: {@code json} or {@code cbor}. */
	public String getSerializer() {
		return this.serializer;
	}

}
