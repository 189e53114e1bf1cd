package io.patio.serializer;

/**
 * The default serializer: compact UTF-8 JSON through the protocol's own mapper, bytes as
 * base64 strings, exactly as the protocol page specifies.
 */
public final class JsonSerializer extends JacksonSerializer {

	public static final JsonSerializer INSTANCE = new JsonSerializer();

	public JsonSerializer() {
		super(WireMapper.json());
	}

	@Override
	public String getName() {
		return "json";
	}

	@Override
	tools.jackson.databind.ObjectMapper mapperWith(tools.jackson.core.StreamReadConstraints constraints) {
		return WireMapper.json(constraints);
	}

}
