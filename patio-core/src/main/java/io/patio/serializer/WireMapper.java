package io.patio.serializer;

import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.RecyclerPool;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The protocol's own Jackson mappers. They are built here, never taken from an
 * application's context, so {@code spring.jackson.*} settings cannot change the wire, and
 * they bind strictly: no string-to-number coercion, no truncation of {@code 1.5} to an
 * {@code int}, {@code null} for a primitive is an error, and no polymorphic type ids are
 * ever read from the wire.
 * <p>
 * They also write only the types the protocol carries (see {@link WireTypes}): anything
 * else, and in JSON a {@code NaN} or an infinity, fails with an
 * {@link UnsupportedValueException} instead of going out as something the other side
 * would read back as another value.
 */
public final class WireMapper {

	private static final JsonMapper JSON = configure(JsonMapper.builder(JsonFactory.builder()
		.addDecorator(JsonNumbers.finiteOnly())
		.recyclerPool(WireRecyclerPool.INSTANCE)
		.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
		.build())).build();

	private static final ErrorReportConfiguration SHORT_ERRORS = ErrorReportConfiguration.builder()
		.maxErrorTokenLength(64)
		.maxRawContentLength(64)
		.build();

	private WireMapper() {
	}

	/** The strict JSON mapper the protocol and argument binding use. */
	public static JsonMapper json() {
		return JSON;
	}

	/**
	 * The strict JSON mapper, its parsers bounded by {@code constraints}; its error
	 * messages quote at most 64 characters of the input.
	 */
	static JsonMapper json(StreamReadConstraints constraints) {
		return configure(JsonMapper.builder(JsonFactory.builder()
			.addDecorator(JsonNumbers.finiteOnly())
			.recyclerPool(WireRecyclerPool.INSTANCE)
			.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
			.streamReadConstraints(constraints)
			.errorReportConfiguration(SHORT_ERRORS)
			.build())).build();
	}

	/**
	 * Where the protocol's parsers and generators take their buffers: one recycler per
	 * platform thread, a shared pool for virtual threads. A serializer module (CBOR in
	 * {@code patio-tcp}) builds its factories with it.
	 */
	public static RecyclerPool<BufferRecycler> recyclerPool() {
		return WireRecyclerPool.INSTANCE;
	}

	/**
	 * How the protocol's mappers report a bad input: quoting at most 64 characters of it.
	 * A serializer module (CBOR in {@code patio-tcp}) builds its bounded factories with
	 * it.
	 */
	public static ErrorReportConfiguration shortErrors() {
		return SHORT_ERRORS;
	}

	/**
	 * {@code builder} configured as the protocol's mappers are: the wire types and the
	 * strict binding above. A serializer module (CBOR in {@code patio-tcp}) builds its
	 * mappers through it, so that every format binds the same way.
	 */
	public static <M extends tools.jackson.databind.ObjectMapper, B extends MapperBuilder<M, B>> B configure(
			B builder) {
		return builder.addModule(WireTypes.module())
			.addModule(new RecordAccessors())
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
	}

}
