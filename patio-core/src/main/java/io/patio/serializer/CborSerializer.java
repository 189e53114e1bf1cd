package io.patio.serializer;

/**
 * The binary option: CBOR (RFC 8949) with the same shapes as JSON, bytes as byte strings.
 */
public final class CborSerializer extends JacksonSerializer {

	public static final CborSerializer INSTANCE = new CborSerializer();

	public CborSerializer() {
		super(WireMapper.cbor());
	}

	@Override
	public String getName() {
		return "cbor";
	}

	@Override
	tools.jackson.databind.ObjectMapper mapperWith(tools.jackson.core.StreamReadConstraints constraints) {
		return WireMapper.cbor(constraints);
	}

}
