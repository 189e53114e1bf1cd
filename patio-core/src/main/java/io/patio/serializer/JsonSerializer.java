package io.patio.serializer;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The default serializer: compact UTF-8 JSON through the protocol's own mapper, bytes as
 * base64 strings, exactly as the protocol page specifies.
 */
public final class JsonSerializer extends JacksonSerializer {

	public static final JsonSerializer INSTANCE = new JsonSerializer();

	public JsonSerializer() {
		super(WireMapper.json());
	}

	/**
	 * Numbers with a fraction or an exponent are read as exact decimals (see
	 * {@link JsonNumbers}), never through a {@code double}.
	 */
	@Override
	protected JsonNode readTree(ObjectMapper reader, byte[] data) {
		try (JsonParser parser = createParser(reader, data)) {
			if (parser.nextToken() == null) {
				return NullNode.getInstance(); // no content, as readTree(byte[]) reads it
			}
			return reader.readValue(parser, JsonNode.class);
		}
	}

	@Override
	protected JsonParser createParser(ObjectMapper reader, byte[] data) {
		return JsonNumbers.exact(reader.createParser(data));
	}

	@Override
	public String getContentType() {
		return "application/json";
	}

	@Override
	public String getName() {
		return "json";
	}

	@Override
	protected ObjectMapper mapperWith(tools.jackson.core.StreamReadConstraints constraints) {
		return WireMapper.json(constraints);
	}

}
