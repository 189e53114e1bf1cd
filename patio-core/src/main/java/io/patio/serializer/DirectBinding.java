package io.patio.serializer;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Answers bound straight to the caller's class ({@link Serializer#decodeAs}) with one
 * mapper's constraints, and the readers that do it, one per type (at most
 * {@value #MAX_BINDERS} are kept). The whole payload must be one object that binds, with
 * no key twice (a tree keeps the last of two, a bean may not), else the answer is left to
 * the tree. Only a format whose parser reads numbers as its trees do claims payloads
 * ({@link Serializer#bindsDirectly}).
 */
final class DirectBinding {

	private static final int MAX_BINDERS = 256;

	private final ObjectMapper reader;

	private final ConcurrentHashMap<JavaType, ObjectReader> binders = new ConcurrentHashMap<>();

	/** The reader's parsers, refusing a repeated key. */
	private final ObjectReader strict;

	DirectBinding(ObjectMapper reader) {
		this.reader = reader;
		this.strict = reader.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	Optional<Object> bind(JacksonSerializer serializer, byte[] data, JavaType type) {
		if (!serializer.bindsDirectly(data)) {
			return Optional.empty();
		}
		ObjectReader binder = binderOf(type);
		try (JsonParser parser = serializer.createParser(binder, data)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Optional.empty();
			}
			Object value = binder.readValue(parser);
			if (value == null || parser.nextToken() != null) {
				return Optional.empty();
			}
			return Optional.of(value);
		}
		catch (RuntimeException ex) {
			// a Jackson error, a bad number, or whatever a custom deserializer threw:
			// the tree reads or refuses it, with its own error
			return Optional.empty();
		}
	}

	/**
	 * A parser of a whole payload that refuses a repeated key, as the binders' parsers
	 * do: for a REQUEST whose arguments are bound as it is read
	 * ({@link ObjectArguments}).
	 */
	JsonParser strictParser(byte[] data) {
		return this.strict.createParser(data);
	}

	/**
	 * The binder of {@code type}: it refuses a repeated key in the parsers it makes, and
	 * leaves what follows the value it binds to the caller.
	 */
	ObjectReader binderOf(JavaType type) {
		ObjectReader binder = this.binders.get(type);
		if (binder == null) {
			binder = this.reader.readerFor(type)
				.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
			if (this.binders.size() < MAX_BINDERS) {
				this.binders.putIfAbsent(type, binder);
			}
		}
		return binder;
	}

}
