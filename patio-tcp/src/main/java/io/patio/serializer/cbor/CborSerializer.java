package io.patio.serializer.cbor;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORMapper;

import io.patio.serializer.CallPayload;
import io.patio.serializer.JacksonSerializer;
import io.patio.serializer.WireMapper;

/**
 * The binary option: CBOR (RFC 8949) with the same shapes as JSON, bytes as byte strings.
 * Found by name ({@code Serializer.forName("cbor")}) through
 * {@link java.util.ServiceLoader}, so it is there wherever {@code patio-tcp} is on the
 * class path.
 */
public final class CborSerializer extends JacksonSerializer {

	// before INSTANCE, which needs it
	private static final CBORMapper CBOR = WireMapper
		.configure(CBORMapper.builder(CBORFactory.builder().recyclerPool(WireMapper.recyclerPool()).build()))
		.build();

	public static final CborSerializer INSTANCE = new CborSerializer();

	public CborSerializer() {
		super(CBOR);
	}

	/**
	 * The strict CBOR mapper of this serializer, bound as {@link WireMapper}'s JSON one.
	 */
	public static CBORMapper mapper() {
		return CBOR;
	}

	/** A plain call is written without a generator ({@link PlainCborCalls}). */
	@Override
	public byte[] encodeCall(CallPayload call) {
		byte[] plain = PlainCborCalls.encode(call);
		return (plain != null) ? plain : super.encodeCall(call);
	}

	@Override
	public String getContentType() {
		return "application/cbor";
	}

	@Override
	public String getName() {
		return "cbor";
	}

	/**
	 * The strict CBOR mapper, its parsers bounded by {@code constraints}; its error
	 * messages quote at most 64 characters of the input.
	 */
	@Override
	protected ObjectMapper mapperWith(StreamReadConstraints constraints) {
		return WireMapper.configure(CBORMapper.builder(CBORFactory.builder()
			.recyclerPool(WireMapper.recyclerPool())
			.streamReadConstraints(constraints)
			.errorReportConfiguration(WireMapper.shortErrors())
			.build())).build();
	}

}
