package io.patio.serializer;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * A serializer whose tree decoding is bounded; everything else is its base serializer's.
 */
final class BoundedJacksonSerializer implements Serializer {

	private final JacksonSerializer base;

	private final ObjectMapper reader;

	private final ObjectReader subtrees;

	private final DirectBinding binders;

	BoundedJacksonSerializer(JacksonSerializer base, ObjectMapper reader) {
		this.base = base;
		this.reader = reader;
		this.subtrees = JacksonCalls.subtrees(reader);
		this.binders = new DirectBinding(reader);
	}

	/** The read constraints of a decode bounded for frames of {@code maxFrameSize}. */
	static StreamReadConstraints readConstraints(int maxFrameSize) {
		return StreamReadConstraints.builder()
			.maxTokenCount(Math.max(JacksonSerializer.MIN_TOKENS, maxFrameSize / JacksonSerializer.BYTES_PER_TOKEN))
			.maxNestingDepth(JacksonSerializer.MAX_NESTING_DEPTH)
			.maxNumberLength(JacksonSerializer.MAX_NUMBER_LENGTH)
			.build();
	}

	@Override
	public String getName() {
		return this.base.getName();
	}

	@Override
	public byte[] encode(Object value) {
		return this.base.encode(value);
	}

	@Override
	public String getContentType() {
		return this.base.getContentType();
	}

	@Override
	public void encode(Object value, OutputStream out) {
		this.base.encode(value, out);
	}

	@Override
	public JsonNode decode(byte[] data) {
		return this.base.decode(this.reader, data);
	}

	@Override
	public boolean bindsDirectly(byte[] data) {
		return this.base.bindsDirectly(data);
	}

	@Override
	public java.util.Optional<Object> decodeAs(byte[] data, tools.jackson.databind.JavaType type) {
		return this.binders.bind(this.base, data, type);
	}

	@Override
	public byte[] encodeCall(CallPayload call) {
		return this.base.encodeCall(call);
	}

	@Override
	public CallPeek peekCall(byte[] data) {
		return this.base.peekCall(data);
	}

	@Override
	public CallPayload decodeCall(byte[] data) {
		return this.base.decodeCall(this.reader, this.subtrees, this.binders, data, ArgumentTypes.NONE);
	}

	@Override
	public CallPayload decodeCall(byte[] data, ArgumentTypes types) {
		return this.base.decodeCall(this.reader, this.subtrees, this.binders, data, types);
	}

	@Override
	public byte[] encodeArguments(List<?> args, Map<String, ?> kwargs) {
		return this.base.encodeArguments(args, kwargs);
	}

	@Override
	public CallPayload decodeArguments(byte[] data) {
		return this.base.decodeArguments(this.reader, data);
	}

	@Override
	public byte[] encodeError(ErrorPayload error) {
		return this.base.encodeError(error);
	}

	@Override
	public ErrorPayload decodeError(byte[] data) {
		return this.base.decodeError(this.reader, data);
	}

	@Override
	public Serializer boundedFor(int maxFrameSize) {
		return this.base.boundedFor(maxFrameSize);
	}

	@Override
	public byte[][] decodeByteStrings(byte[] data, int count) {
		return this.base.decodeByteStrings(data, count);
	}

	@Override
	public List<String> decodeStrings(byte[] data, int maxCount, int maxLength) {
		return this.base.decodeStrings(data, maxCount, maxLength);
	}

	@Override
	public String toString() {
		return this.base.toString();
	}

}
