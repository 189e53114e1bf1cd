package io.patio.serializer;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PlainJsonCalls} against the generator path it stands in for: for every call it
 * writes, the bytes are the mapper's, and it writes the plain calls it claims.
 */
class PlainJsonCallsTests {

	/**
	 * What the mapper writes for the {@link CallPayload} record: the reference, not the
	 * streamed path in between.
	 */
	private static byte[] throughTheMapper(CallPayload call) {
		return WireMapper.json().writeValueAsBytes(call);
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

	/**
	 * The parser's path for a REQUEST: the call, or the class and message of its error.
	 */
	private static Object throughTheParser(byte[] data) {
		tools.jackson.databind.ObjectMapper reader = WireMapper.json();
		try (tools.jackson.core.JsonParser parser = JsonNumbers.exact(reader.createParser(data))) {
			return JacksonCalls.read(reader, JacksonCalls.subtrees(reader), parser);
		}
		catch (RuntimeException ex) {
			return (ex instanceof io.patio.BadRequestException) ? ex.getClass() + ": " + ex.getMessage() : "refused";
		}
	}

	private static final byte[] NOISE = " \"\\,:[]{}-+.0123456789eEtfn\u00e9x/".getBytes(StandardCharsets.UTF_8);

	@Property(tries = 5000)
	void readsWhatTheParserReadsOfEveryRequestItTakes(@ForAll("calls") CallPayload call,
			@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int edits,
			@ForAll @net.jqwik.api.constraints.LongRange(min = 0) long seed) {
		byte[] data;
		try {
			data = throughTheMapper(call);
		}
		catch (RuntimeException refused) {
			return;
		}
		java.util.Random random = new java.util.Random(seed);
		for (int e = 0; e < edits && data.length > 0; e++) {
			int at = random.nextInt(data.length);
			data = switch (random.nextInt(3)) {
				case 0 -> {
					byte[] changed = data.clone();
					changed[at] = NOISE[random.nextInt(NOISE.length)];
					yield changed;
				}
				case 1 -> {
					byte[] shorter = new byte[data.length - 1];
					System.arraycopy(data, 0, shorter, 0, at);
					System.arraycopy(data, at + 1, shorter, at, data.length - at - 1);
					yield shorter;
				}
				default -> {
					byte[] longer = Arrays.copyOf(data, data.length + 1);
					System.arraycopy(data, at, longer, at + 1, data.length - at);
					longer[at] = NOISE[random.nextInt(NOISE.length)];
					yield longer;
				}
			};
		}
		Object plain;
		try {
			plain = PlainJsonCalls.decode(data);
		}
		catch (io.patio.BadRequestException ex) {
			plain = ex.getClass() + ": " + ex.getMessage();
		}
		Statistics.label("read").collect((plain != null) ? "without a parser" : "by the parser");
		Statistics.label("read")
			.coverage((coverage) -> coverage.check("without a parser").percentage((percent) -> percent > 5));
		if (plain != null) {
			assertThat(plain).as(new String(data, StandardCharsets.UTF_8)).isEqualTo(throughTheParser(data));
		}
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
		byte[] plain = PlainJsonCalls.encode(new CallPayload("mul", List.of(6, 7L, true, "x y"), Map.of(), 29.5, null));
		assertThat(PlainJsonCalls.decode(plain)).as("read back without a parser")
			.isEqualTo(throughTheParser(plain))
			.isNotNull();
		assertThat(PlainJsonCalls.decode(
				"{\"func\":\"mul\", \"args\":[],\"kwargs\":{},\"timeout\":1.0}".getBytes(StandardCharsets.US_ASCII)))
			.as("a space: the parser's")
			.isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(1.5), Map.of(), 1.0, null))).isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of("é"), Map.of(), 1.0, null))).isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(), Map.of("b", 1), 1.0, null))).isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(), Map.of(), 1.0, Map.of("h", "v")))).isNull();
		assertThat(PlainJsonCalls.encode(new CallPayload("mul", List.of(), Map.of(), Double.NaN, null))).isNull();
	}

	/**
	 * The task and timeout read at a glance are the ones the REQUEST holds, whenever they
	 * are read: a worker that decodes the call later must find the same.
	 */
	@Property(tries = 2000)
	void theCallReadAtAGlanceIsTheOneTheRequestHolds(@ForAll("calls") CallPayload call) {
		byte[] encoded;
		try {
			encoded = JsonSerializer.INSTANCE.encodeCall(call);
		}
		catch (SerializationException refused) {
			return;
		}
		CallPeek peeked = JsonSerializer.INSTANCE.peekCall(encoded);
		Statistics.collect((peeked != null) ? "read at a glance" : "left to the parser");
		Statistics.coverage((coverage) -> coverage.check("read at a glance").percentage((percent) -> percent > 25));
		if (peeked != null) {
			assertThat(peeked.task()).isEqualTo(call.func());
			assertThat(peeked.timeout()).isEqualTo(call.timeout());
			try {
				CallPayload decoded = JsonSerializer.INSTANCE.decodeCall(encoded);
				assertThat(decoded.func()).isEqualTo(peeked.task());
				assertThat(decoded.budget()).isEqualTo(peeked.budget());
			}
			catch (io.patio.BadRequestException refused) {
				// a call the serializer refuses whole: its worker does too
			}
		}
	}

	/** A timeout read at a glance is the double the parser reads, or not read at all. */
	@Property(tries = 3000)
	void aTimeoutReadAtAGlanceIsTheParsersDouble(
			@ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 999_999_999_999_999_999L) long digits,
			@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 18) int scale) {
		String text = java.math.BigDecimal.valueOf(digits, scale).toPlainString();
		CallPeek peeked = peek("{\"func\":\"mul\",\"timeout\":" + text + "}");
		Statistics.collect((peeked != null) ? "read at a glance" : "left to the parser");
		if (peeked != null) {
			assertThat(peeked.timeout()).as(text).isEqualTo(Double.parseDouble(text));
			assertThat(peeked.budget()).isEqualTo(JsonSerializer.INSTANCE
				.decodeCall(("{\"func\":\"mul\",\"timeout\":" + text + "}").getBytes(StandardCharsets.UTF_8))
				.budget());
		}
	}

	@Test
	void readsOnlyAPlainNameFirstAndAPlainTimeoutLastAndLeavesTheRestToTheParser() {
		assertThat(peek("{\"func\":\"mul\",\"args\":[1,\"kwargs\":{},\"timeout\":null}"))
			.isEqualTo(new CallPeek("mul", null));
		assertThat(peek("{\"func\":\"mul\",\"args\":[],\"kwargs\":null,\"timeout\":29.999987}"))
			.isEqualTo(new CallPeek("mul", 29.999987));
		assertThat(peek("{\"func\":\"" + "a".repeat(256) + "\",\"timeout\":1}")).isNotNull();
		assertThat(peek("{\"func\":\"" + "a".repeat(257) + "\",\"timeout\":1}")).isNull();
		// spaces, another order, an escape, a name that is not ASCII, empty or cut short
		assertThat(peek("{\"func\": \"mul\", \"args\": [], \"timeout\": null}")).isNull();
		assertThat(peek("{ \"func\":\"mul\",\"timeout\":null}")).isNull();
		assertThat(peek("{\"args\":[],\"func\":\"mul\",\"timeout\":null}")).isNull();
		assertThat(peek("{\"func\":\"m\\u0075l\",\"timeout\":null}")).isNull();
		assertThat(peek("{\"func\":\"caf\u00e9\",\"timeout\":null}")).isNull();
		assertThat(peek("{\"func\":\"\",\"timeout\":null}")).isNull();
		assertThat(peek("{\"func\":\"mul")).isNull();
		assertThat(peek("{\"func\":42,\"timeout\":null}")).isNull();
		assertThat(peek("")).isNull();
		// a timeout that is not last, or not a plain decimal
		assertThat(peek("{\"func\":\"mul\",\"timeout\":1.5,\"headers\":{\"h\":\"v\"}}")).isNull();
		assertThat(peek("{\"func\":\"mul\",\"timeout\":1.0E-4}")).isNull();
		assertThat(peek("{\"func\":\"mul\",\"timeout\":-1}")).isNull();
		assertThat(peek("{\"func\":\"mul\",\"timeout\":1.}")).isNull();
		assertThat(peek("{\"func\":\"mul\",\"timeout\":.5}")).isNull();
		assertThat(peek("{\"func\":\"mul\",\"timeout\":1.2.3}")).isNull();
		assertThat(peek("{\"func\":\"mul\",\"kwargs\":{\"timeout\":1}}")).isNull();
		assertThat(peek("{\"func\":\"mul\",\"timeout\":\"1\"}")).isNull();
		assertThat(peek("{\"func\":\"mul\",\"timeout\":1")).isNull();
	}

	private static CallPeek peek(String payload) {
		return JsonSerializer.INSTANCE.peekCall(payload.getBytes(StandardCharsets.UTF_8));
	}

}
