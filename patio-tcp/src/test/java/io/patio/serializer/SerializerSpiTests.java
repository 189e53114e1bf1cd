package io.patio.serializer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.patio.BadRequestException;
import io.patio.TaskFailedException;
import io.patio.UnknownTaskException;
import io.patio.serializer.cbor.CborSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The serializer SPI v2 as the built-in serializers implement it: the call packets
 * written as before, byte for byte, and read back with their exact shapes checked; every
 * refusal a typed error; decoding bounded.
 */
class SerializerSpiTests {

	private static final JsonSerializer JSON = JsonSerializer.INSTANCE;

	@Test
	void callPacketsAreWrittenAsTheWireFormatSays() {
		CallPayload call = new CallPayload("mul", List.of(2), Map.of(), 1.5, Map.of("traceparent", "00-x"));
		assertThat(text(JSON.encodeCall(call))).isEqualTo(
				"{\"func\":\"mul\",\"args\":[2],\"kwargs\":{},\"timeout\":1.5,\"headers\":{\"traceparent\":\"00-x\"}}");
		assertThat(text(JSON.encodeCall(new CallPayload("f", List.of(), Map.of(), null, Map.of()))))
			.isEqualTo("{\"func\":\"f\",\"args\":[],\"kwargs\":{},\"timeout\":null}");
		ErrorPayload error = ErrorPayload
			.of(new TaskFailedException("t", "failed", new ArithmeticException("/ by zero")));
		assertThat(error.exception()).isInstanceOf(ArithmeticException.class);
		assertThat(text(JSON.encodeError(error))).isEqualTo(
				"{\"code\":\"task-failed\",\"type\":\"java.lang.ArithmeticException\",\"message\":\"/ by zero\"}");
		assertThat(text(JSON.encodeArguments(List.of(1, "a"), Map.of("k", true))))
			.isEqualTo("{\"args\":[1,\"a\"],\"kwargs\":{\"k\":true}}");
		assertThat(text(JSON.encodeArguments(null, null))).isEqualTo("{\"args\":[],\"kwargs\":{}}");
		assertThat(JSON.getContentType()).isEqualTo("application/json");
		assertThat(CborSerializer.INSTANCE.getContentType()).isEqualTo("application/cbor");
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void typedMethodsWriteWhatEncodeWrites(String name) {
		Serializer serializer = Serializer.forName(name);
		CallPayload call = new CallPayload("mul", List.of(2, "x"), Map.of("k", 1), 2.5, Map.of("h", "v"));
		assertThat(serializer.encodeCall(call)).isEqualTo(serializer.encode(call));
		ErrorPayload error = new ErrorPayload("unknown-task", "io.patio.UnknownTaskException", null);
		assertThat(serializer.encodeError(error)).isEqualTo(serializer.encode(error));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		serializer.encode(call, out);
		assertThat(out.toByteArray()).isEqualTo(serializer.encode(call));
		assertThat(serializer.boundedFor(1 << 20).encodeCall(call)).isEqualTo(serializer.encode(call));
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void callsRoundTrip(String name) {
		for (Serializer serializer : List.of(Serializer.forName(name), Serializer.forName(name).boundedFor(4096))) {
			CallPayload call = serializer.decodeCall(serializer
				.encodeCall(new CallPayload("mul", List.of(2, "x"), Map.of("k", List.of(1)), 2.5, Map.of("h", "v"))));
			assertThat(call.func()).isEqualTo("mul");
			assertThat(call.args()).hasSize(2);
			assertThat(((JsonNode) call.args().get(0)).intValue()).isEqualTo(2);
			assertThat(((JsonNode) call.args().get(1)).stringValue()).isEqualTo("x");
			assertThat(((JsonNode) call.kwargs().get("k")).get(0).intValue()).isEqualTo(1);
			assertThat(call.timeout()).isEqualTo(2.5);
			assertThat(call.budget()).hasMillis(2500);
			assertThat(call.headers()).isEqualTo(Map.of("h", "v"));
			CallPayload bare = serializer.decodeCall(serializer.encode(Map.of("func", "f")));
			assertThat(bare.args()).isEmpty();
			assertThat(bare.kwargs()).isEmpty();
			assertThat(bare.timeout()).isNull();
			assertThat(bare.budget()).isNull();
			assertThat(bare.headers()).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void callsOfAnotherShapeAreBadRequestsNamingTheTaskWhenKnown(String name) {
		Serializer serializer = Serializer.forName(name);
		for (Object shape : List.of(List.of(), "f", Map.of(), Map.of("func", 5), Map.of("func", ""))) {
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> serializer.decodeCall(serializer.encode(shape)))
				.as(shape.toString())
				.satisfies((ex) -> assertThat(ex.getTask()).isNull());
		}
		for (Map<String, ?> shape : List.of(Map.of("func", "f", "args", Map.of()), Map.of("func", "f", "kwargs", 1),
				Map.of("func", "f", "timeout", "soon"), Map.of("func", "f", "headers", Map.of("a", 1)),
				Map.of("func", "f", "headers", List.of()))) {
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> serializer.decodeCall(serializer.encode(shape)))
				.as(shape.toString())
				.satisfies((ex) -> assertThat(ex.getTask()).isEqualTo("f"))
				.withMessageStartingWith("Bad REQUEST: ");
		}
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> serializer.decodeCall(new byte[] { (byte) 0xff, '{', 0 }))
			.withMessageStartingWith("Bad REQUEST: ")
			.withCauseInstanceOf(SerializationException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void argumentsRoundTripAndOtherShapesAreRefused(String name) {
		Serializer serializer = Serializer.forName(name);
		CallPayload arguments = serializer.decodeArguments(serializer.encodeArguments(List.of(3, 4), Map.of("c", "x")));
		assertThat(arguments.func()).isNull();
		assertThat(arguments.timeout()).isNull();
		assertThat(arguments.headers()).isNull();
		assertThat(arguments.args()).hasSize(2);
		assertThat(((JsonNode) arguments.args().get(1)).intValue()).isEqualTo(4);
		assertThat(((JsonNode) arguments.kwargs().get("c")).stringValue()).isEqualTo("x");
		CallPayload none = serializer.decodeArguments(serializer.encodeArguments(null, null));
		assertThat(none.args()).isEmpty();
		assertThat(none.kwargs()).isEmpty();
		for (Object shape : Arrays.asList(null, List.of(1), Map.of("args", 5), Map.of("kwargs", List.of()))) {
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> serializer.decodeArguments(serializer.encode(shape)))
				.as(String.valueOf(shape));
		}
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> serializer.decodeArguments(new byte[] { (byte) 0xff }));
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void errorsRoundTripWithoutTheirException(String name) {
		Serializer serializer = Serializer.forName(name);
		ErrorPayload sent = ErrorPayload.of(new UnknownTaskException("t", "not here"));
		assertThat(sent.exception()).isInstanceOf(UnknownTaskException.class);
		ErrorPayload received = serializer.decodeError(serializer.encodeError(sent));
		assertThat(received).isEqualTo(sent);
		assertThat(received.exception()).isNull();
		assertThat(received.toException("t")).isInstanceOf(UnknownTaskException.class).hasMessage("not here");
		// fields that are missing or not strings read as null, as peers have always been
		// read
		assertThat(serializer.decodeError(serializer.encode(Map.of("code", 5, "message", List.of()))))
			.isEqualTo(new ErrorPayload(null, null, null));
		for (Object shape : Arrays.asList(null, "boom", List.of("timeout"))) {
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> serializer.decodeError(serializer.encode(shape)))
				.as(String.valueOf(shape));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void handshakeShapesAreExactAndBounded(String name) {
		Serializer serializer = Serializer.forName(name);
		assertThat(serializer.decodeStrings(serializer.encode(List.of("a", "bc")), 2, 2)).containsExactly("a", "bc");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> serializer.decodeStrings(serializer.encode(List.of("a", "b", "c")), 2, 2))
			.withMessageContaining("More than 2 strings");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> serializer.decodeStrings(serializer.encode(List.of("abc")), 2, 2))
			.withMessageContaining("over 2");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> serializer.decodeStrings(serializer.encode(List.of(1)), 2, 2));
		byte[] one = { 1 };
		assertThat(serializer.decodeByteStrings(serializer.encode(List.of(one, one)), 2)).hasDimensions(2, 1);
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> serializer.decodeByteStrings(serializer.encode(List.of(one, one, one)), 2));
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> serializer.decodeByteStrings(serializer.encode(Map.of("a", one)), 1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void boundedDecodingRefusesPayloadsOverItsBounds(String name) {
		Serializer serializer = Serializer.forName(name);
		Serializer bounded = serializer.boundedFor(8 * 1024);
		// more tokens than a frame of 8 KiB may hold (at least 1024): refused, though
		// small
		byte[] manyTokens = serializer.encodeCall(new CallPayload("f", List.of(new int[2000]), Map.of(), null, null));
		assertThat(serializer.decodeCall(manyTokens).args()).hasSize(1);
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> bounded.decodeCall(manyTokens))
			.withMessageContaining("Bad REQUEST");
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> bounded.decodeArguments(manyTokens));
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> bounded.decode(manyTokens));
		// nested deeper than 500
		byte[] deepCall = nestedArgs(name, 600);
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> bounded.decodeCall(deepCall))
			.withMessageContaining("nesting depth");
		assertThat(bounded.decodeCall(nestedArgs(name, 400)).args()).hasSize(1);
		assertThat(bounded.getName()).isEqualTo(name);
		assertThat(bounded.getContentType()).isEqualTo(serializer.getContentType());
	}

	/** A REQUEST of task f whose only argument is {@code depth} lists, one in another. */
	private static byte[] nestedArgs(String name, int depth) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (name.equals("json")) {
			out.writeBytes(("{\"func\":\"f\",\"args\":[" + "[".repeat(depth) + "]".repeat(depth) + "]}")
				.getBytes(StandardCharsets.UTF_8));
		}
		else {
			// {"func": "f", "args": [ [ [ ... [] ] ] ]}
			out.writeBytes(new byte[] { (byte) 0xa2, 0x64, 'f', 'u', 'n', 'c', 0x61, 'f', 0x64, 'a', 'r', 'g', 's',
					(byte) 0x81 });
			for (int i = 0; i < depth - 1; i++) {
				out.write(0x81);
			}
			out.write(0x80);
		}
		return out.toByteArray();
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
