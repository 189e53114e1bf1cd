package io.patio.serializer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import tools.jackson.core.JsonGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PlainJsonCalls} against the generator path it stands in for: for every call it
 * writes, the bytes are the mapper's, and it writes the plain calls it claims.
 */
class PlainJsonCallsTests {

	/**
	 * What the mapper's generator writes for {@code call}: the path before the fast one.
	 */
	private static byte[] throughTheMapper(CallPayload call) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator generator = WireMapper.json().createGenerator(out)) {
			JacksonCalls.write(generator, call);
		}
		return out.toByteArray();
	}

	@Provide
	Arbitrary<CallPayload> calls() {
		return CallArbitraries.calls();
	}

	@Property(tries = 5000)
	void writesTheMappersBytesForEveryCallItTakes(@ForAll("calls") CallPayload call) {
		byte[] plain = PlainJsonCalls.encode(call);
		Statistics.collect((plain != null) ? "written without a generator" : "through the mapper");
		Statistics.coverage(
				(coverage) -> coverage.check("written without a generator").percentage((percent) -> percent > 15));
		byte[] expected;
		try {
			expected = throughTheMapper(call);
		}
		catch (RuntimeException refused) {
			// the mapper refuses it (NaN, say): so does the serializer, with its own
			// error
			assertThat(plain).isNull();
			assertThatThrownBy(() -> JsonSerializer.INSTANCE.encodeCall(call))
				.isInstanceOf(SerializationException.class);
			return;
		}
		if (plain != null) {
			assertThat(new String(plain, StandardCharsets.UTF_8)).as("%s", call)
				.isEqualTo(new String(expected, StandardCharsets.UTF_8));
			assertThat(plain).isEqualTo(expected);
		}
		assertThat(JsonSerializer.INSTANCE.encodeCall(call)).isEqualTo(expected);
	}

	@Test
	void takesThePlainCallsItClaimsAndLeavesTheRestToTheMapper() {
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(6, 7L, true, "x y"), Map.of(), 29.5, null)))
			.asString(StandardCharsets.US_ASCII)
			.isEqualTo("{\"func\":\"mul\",\"args\":[6,7,true,\"x y\"],\"kwargs\":{},\"timeout\":29.5}");
		assertThat(PlainJsonCalls
			.encode(new CallPayload("mul", Arrays.asList(null, Long.MIN_VALUE), null, null, Map.of())))
			.asString(StandardCharsets.US_ASCII)
			.isEqualTo("{\"func\":\"mul\",\"args\":[null,-9223372036854775808],\"kwargs\":null,\"timeout\":null}");
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(1.5), Map.of(), 1.0, null))).isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of("é"), Map.of(), 1.0, null))).isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(), Map.of("b", 1), 1.0, null))).isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(), Map.of(), 1.0, Map.of("h", "v")))).isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(), Map.of(), Double.NaN, null))).isNull();
	}

}
