package io.patio.serializer.cbor;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import io.patio.serializer.CallArbitraries;
import io.patio.serializer.CallPayload;
import io.patio.serializer.CallPeek;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PlainCborCalls} against the CBOR mapper it stands in for: for every call it
 * writes, the bytes are the mapper's, and it writes the plain calls it claims.
 */
class PlainCborCallsTests {

	private static final HexFormat HEX = HexFormat.of();

	@Provide
	Arbitrary<CallPayload> calls() {
		return CallArbitraries.calls();
	}

	@Property(tries = 5000)
	void writesTheMappersBytesForEveryCallItTakes(@ForAll("calls") CallPayload call) {
		byte[] plain = PlainCborCalls.encode(call);
		Statistics.collect((plain != null) ? "written without a generator" : "through the mapper");
		Statistics.coverage(
				(coverage) -> coverage.check("written without a generator").percentage((percent) -> percent > 15));
		byte[] expected = CborSerializer.mapper().writeValueAsBytes(call);
		if (plain != null) {
			assertThat(HEX.formatHex(plain)).as("%s", call).isEqualTo(HEX.formatHex(expected));
		}
		assertThat(CborSerializer.INSTANCE.encodeCall(call)).isEqualTo(expected);
	}

	@Test
	void takesThePlainCallsItClaimsAndLeavesTheRestToTheMapper() {
		assertThat(PlainCborCalls.encode(new CallPayload("mul", List.of(6, -7L, true, "x"), Map.of(), 1.5, null)))
			.isEqualTo(HEX.parseHex("bf" + "6466756e63" + "636d756c" + "6461726773" + "84" + "06" + "26" + "f5" + "6178"
					+ "666b7761726773" + "bfff" + "6774696d656f7574" + "fb3ff8000000000000" + "ff"));
		assertThat(PlainCborCalls.encode(new CallPayload("mul", Arrays.asList((Object) null), null, null, null)))
			.isEqualTo(HEX.parseHex("bf" + "6466756e63" + "636d756c" + "6461726773" + "81" + "f6" + "666b7761726773"
					+ "f6" + "6774696d656f7574" + "f6" + "ff"));
		assertThat(PlainCborCalls.encode(new CallPayload("mul", List.of(1.5), Map.of(), 1.0, null))).isNull();
		assertThat(PlainCborCalls.encode(new CallPayload("mul", List.of("é"), Map.of(), 1.0, null))).isNull();
		assertThat(PlainCborCalls.encode(new CallPayload("mul", List.of(), Map.of("b", 1), 1.0, null))).isNull();
		assertThat(PlainCborCalls.encode(new CallPayload("mul", List.of(), Map.of(), 1.0, Map.of("h", "v")))).isNull();
	}

	/**
	 * The task and timeout read at a glance are the ones the REQUEST holds, whenever they
	 * are read: a worker that decodes the call later must find the same.
	 */
	@Property(tries = 2000)
	void theCallReadAtAGlanceIsTheOneTheRequestHolds(@ForAll("calls") CallPayload call) {
		byte[] encoded = CborSerializer.INSTANCE.encodeCall(call);
		CallPeek peeked = CborSerializer.INSTANCE.peekCall(encoded);
		Statistics.collect((peeked != null) ? "read at a glance" : "left to the parser");
		Statistics.coverage((coverage) -> coverage.check("read at a glance").percentage((percent) -> percent > 25));
		if (peeked != null) {
			assertThat(peeked.task()).isEqualTo(call.func());
			assertThat(peeked.timeout()).isEqualTo(call.timeout());
			try {
				CallPayload decoded = CborSerializer.INSTANCE.decodeCall(encoded);
				assertThat(decoded.func()).isEqualTo(peeked.task());
				assertThat(decoded.budget()).isEqualTo(peeked.budget());
			}
			catch (io.patio.BadRequestException refused) {
				// a call the serializer refuses whole: its worker does too
			}
		}
	}

	@Test
	void readsOnlyAnAsciiNameFirstAndATimeoutLastAndLeavesTheRestToTheParser() {
		String func = "bf" + "6466756e63";
		String timeoutKey = "6774696d656f7574";
		// the name, anything, then the timeout: null, or a 64-bit float (1.5)
		assertThat(peek(func + "636d756c" + "6461726773" + "80" + timeoutKey + "f6" + "ff"))
			.isEqualTo(new CallPeek("mul", null));
		assertThat(peek(func + "636d756c" + timeoutKey + "fb3ff8000000000000" + "ff"))
			.isEqualTo(new CallPeek("mul", 1.5));
		assertThat(peek(func + "790100" + "61".repeat(256) + timeoutKey + "f6ff")).isNotNull();
		assertThat(peek(func + "790101" + "61".repeat(257) + timeoutKey + "f6ff")).isNull();
		// a definite map, another key first, a name that is not ASCII, empty, or cut
		// short
		assertThat(peek("a2" + "6466756e63" + "636d756c" + timeoutKey + "f6")).isNull();
		assertThat(peek("bf" + "6461726773" + "80" + "6466756e63" + "636d756c" + timeoutKey + "f6ff")).isNull();
		assertThat(peek(func + "65" + "636166c3a9" + timeoutKey + "f6ff")).isNull();
		assertThat(peek(func + "60" + timeoutKey + "f6ff")).isNull();
		assertThat(peek(func + "636d75")).isNull();
		assertThat(peek(func + "182a" + timeoutKey + "f6ff")).isNull();
		assertThat(peek("bf")).isNull();
		// a timeout that is not last, not a 64-bit float, or not finite
		assertThat(peek(func + "636d756c" + timeoutKey + "f6" + "6768656164657273" + "bfff" + "ff")).isNull();
		assertThat(peek(func + "636d756c" + timeoutKey + "fa3fc00000" + "ff")).isNull();
		assertThat(peek(func + "636d756c" + timeoutKey + "fb7ff8000000000000" + "ff")).isNull();
		assertThat(peek(func + "636d756c" + timeoutKey + "f6")).isNull();
	}

	private static CallPeek peek(String hex) {
		return CborSerializer.INSTANCE.peekCall(HEX.parseHex(hex));
	}

}
