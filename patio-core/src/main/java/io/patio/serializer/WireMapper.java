package io.patio.serializer;

import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORMapper;

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

	private static final JsonMapper JSON = configure(
			JsonMapper.builder(JsonFactory.builder().addDecorator(JsonNumbers.finiteOnly()).build()))
		.build();

	private static final CBORMapper CBOR = configure(CBORMapper.builder()).build();

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

	/** The strict CBOR mapper of the binary serializer. */
	public static CBORMapper cbor() {
		return CBOR;
	}

	/**
	 * The strict JSON mapper, its parsers bounded by {@code constraints}; its error
	 * messages quote at most 64 characters of the input.
	 */
	static JsonMapper json(StreamReadConstraints constraints) {
		return configure(JsonMapper.builder(JsonFactory.builder()
			.addDecorator(JsonNumbers.finiteOnly())
			.streamReadConstraints(constraints)
			.errorReportConfiguration(SHORT_ERRORS)
			.build())).build();
	}

	/**
	 * The strict CBOR mapper, its parsers bounded by {@code constraints}; its error
	 * messages quote at most 64 characters of the input.
	 */
	static CBORMapper cbor(StreamReadConstraints constraints) {
		return configure(CBORMapper.builder(CBORFactory.builder()
			.streamReadConstraints(constraints)
			.errorReportConfiguration(SHORT_ERRORS)
			.build())).build();
	}

	private static <M extends tools.jackson.databind.ObjectMapper, B extends MapperBuilder<M, B>> B configure(
			B builder) {
		return builder.addModule(WireTypes.module())
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
