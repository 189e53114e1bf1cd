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
	 * The task read at a glance is the task the REQUEST names, whenever it is read: a
	 * worker that decodes the call later must find the same one.
	 */
	@Property(tries = 2000)
	void theTaskReadAtAGlanceIsTheOneTheRequestNames(@ForAll("calls") CallPayload call) {
		byte[] encoded = CborSerializer.INSTANCE.encodeCall(call);
		String peeked = CborSerializer.INSTANCE.peekTask(encoded);
		Statistics.collect((peeked != null) ? "read at a glance" : "left to the parser");
		Statistics.coverage((coverage) -> coverage.check("read at a glance").percentage((percent) -> percent > 50));
		if (peeked != null) {
			assertThat(peeked).isEqualTo(call.func());
			try {
				assertThat(CborSerializer.INSTANCE.decodeCall(encoded).func()).isEqualTo(peeked);
			}
			catch (io.patio.BadRequestException refused) {
				// a call the serializer refuses whole (a NaN timeout): its worker does
				// too
			}
		}
	}

	@Test
	void readsOnlyAnAsciiNameThatComesFirstAndLeavesTheRestToTheParser() {
		// an indefinite map, "func", then the name; what follows is not looked at
		assertThat(peek("bf" + "6466756e63" + "636d756c" + "64617267")).isEqualTo("mul");
		assertThat(peek("bf" + "6466756e63" + "790100" + "61".repeat(256))).hasSize(256);
		assertThat(peek("bf" + "6466756e63" + "790101" + "61".repeat(257))).isNull();
		assertThat(peek("bf" + "6466756e63" + "78ff" + "61".repeat(255))).hasSize(255);
		// a definite map, another key first, a name that is not ASCII, empty, or cut
		// short
		assertThat(peek("a1" + "6466756e63" + "636d756c")).isNull();
		assertThat(peek("bf" + "6461726773" + "80" + "6466756e63" + "636d756c")).isNull();
		assertThat(peek("bf" + "6466756e63" + "65" + "636166c3a9")).isNull();
		assertThat(peek("bf" + "6466756e63" + "60")).isNull();
		assertThat(peek("bf" + "6466756e63" + "636d75")).isNull();
		assertThat(peek("bf" + "6466756e63" + "182a")).isNull();
		assertThat(peek("bf")).isNull();
	}

	private static String peek(String hex) {
		return CborSerializer.INSTANCE.peekTask(HEX.parseHex(hex));
	}

}
