package io.patio.serializer;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * The handshake's exact shapes, read by the Jackson serializers token by token, never as
 * a general tree: a list of exactly so many byte strings, a list of at most so many
 * strings of at most so many characters.
 */
final class HandshakeShapes {

	private HandshakeShapes() {
	}

	static byte[][] byteStrings(ObjectMapper mapper, String format, byte[] data, int count) {
		try (JsonParser parser = mapper.createParser(data)) {
			expect(parser, JsonToken.START_ARRAY, "a list of " + count + " byte strings");
			byte[][] values = new byte[count][];
			for (int i = 0; i < count; i++) {
				JsonToken token = parser.nextToken();
				if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_EMBEDDED_OBJECT) {
					throw new SerializationException(
							"Expected a list of " + count + " byte strings, found " + token + " at " + i, null);
				}
				values[i] = parser.getBinaryValue();
			}
			expect(parser, JsonToken.END_ARRAY, "a list of exactly " + count + " byte strings");
			expect(parser, null, "nothing after the list");
			return values;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new SerializationException("Payload is not a list of " + count + " byte strings in " + format + ": "
					+ ((ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage()), ex);
		}
	}

	static List<String> strings(ObjectMapper mapper, String format, byte[] data, int maxCount, int maxLength) {
		try (JsonParser parser = mapper.createParser(data)) {
			expect(parser, JsonToken.START_ARRAY, "a list of strings");
			List<String> values = new ArrayList<>();
			JsonToken token;
			while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
				if (token != JsonToken.VALUE_STRING) {
					throw new SerializationException("Expected a list of strings, found " + token, null);
				}
				if (values.size() == maxCount) {
					throw new SerializationException("More than " + maxCount + " strings", null);
				}
				int length = parser.getStringLength();
				if (length > maxLength) {
					throw new SerializationException("A string of " + length + " characters, over " + maxLength, null);
				}
				values.add(parser.getString());
			}
			expect(parser, null, "nothing after the list");
			return values;
		}
		catch (JacksonException ex) {
			throw new SerializationException(
					"Payload is not a list of strings in " + format + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private static void expect(JsonParser parser, JsonToken expected, String what) {
		JsonToken token = parser.nextToken();
		if (token != expected) {
			throw new SerializationException("Expected " + what + ", found " + token, null);
		}
	}

}
