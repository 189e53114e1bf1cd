package io.patio.serializer;

/** A payload that cannot be encoded, or bytes that do not decode. */
public class SerializationException extends RuntimeException {

	public SerializationException(String message, Throwable cause) {
		super(message, cause);
	}

}
