package io.patio.serializer.cbor;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORMapper;

import io.patio.serializer.CallPayload;
import io.patio.serializer.CallPeek;
import io.patio.serializer.JacksonSerializer;
import io.patio.serializer.WireMapper;

/**
 * The binary option: CBOR (RFC 8949) with the same shapes as JSON, bytes as byte strings.
 * Found by name ({@code Serializer.forName("cbor")}) through
 * {@link java.util.ServiceLoader}, so it is there wherever {@code patio-tcp} is on the
 * class path.
 */
public final class CborSerializer extends JacksonSerializer {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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

	/**
	 * An integer of up to 32 bits of argument, {@code true}, {@code false} or
	 * {@code null}, alone in the payload: the node the parser makes of it (an int node
	 * when the value fits an int, else a long node). Anything else is left to the parser.
	 */
	@Override
	protected JsonNode decodePlain(byte[] data) {
		if (data.length == 0) {
			return null;
		}
		int head = data[0] & 0xFF;
		int major = head & 0xE0;
		if (major != 0x00 && major != 0x20) {
			return switch ((data.length == 1) ? head : -1) {
				case 0xF4 -> BooleanNode.FALSE;
				case 0xF5 -> BooleanNode.TRUE;
				case 0xF6 -> NullNode.getInstance();
				default -> null;
			};
		}
		int info = head & 0x1F;
		long argument;
		if (info < 24 && data.length == 1) {
			argument = info;
		}
		else if (info == 24 && data.length == 2) {
			argument = data[1] & 0xFF;
		}
		else if (info == 25 && data.length == 3) {
			argument = ((data[1] & 0xFF) << 8) | (data[2] & 0xFF);
		}
		else if (info == 26 && data.length == 5) {
			argument = ((data[1] & 0xFFL) << 24) | ((data[2] & 0xFF) << 16) | ((data[3] & 0xFF) << 8)
					| (data[4] & 0xFF);
		}
		else {
			return null;
		}
		long value = (major == 0x00) ? argument : -1 - argument;
		return (value == (int) value) ? NODES.numberNode((int) value) : NODES.numberNode(value);
	}

	/** An int, a long, a boolean or null, written as the mapper writes them. */
	@Override
	protected byte[] encodePlain(Object value) {
		return PlainCborCalls.encodeValue(value);
	}

	/**
	 * The task and timeout of a REQUEST that starts and ends as {@link #encodeCall}
	 * writes it.
	 */
	@Override
	public CallPeek peekCall(byte[] data) {
		return PlainCborCalls.peekCall(data);
	}

	/** A plain call is read without a parser ({@link PlainCborCalls}). */
	@Override
	protected CallPayload decodeCallPlain(byte[] data) {
		PlainCborCalls.Fields fields = PlainCborCalls.decode(data);
		return (fields != null) ? plainCall(fields.func(), fields.args(), fields.kwargs(), fields.timeout()) : null;
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
