package io.patio.serializer.cbor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import io.patio.BadRequestException;
import io.patio.serializer.CallArbitraries;
import io.patio.serializer.CallPayload;
import io.patio.serializer.JacksonSerializer;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CBOR REQUESTs read without a parser ({@link PlainCborCalls#decode}) against the
 * parser's path: the CBOR serializer with no fast path, same mapper, same checks. Every
 * REQUEST the fast path takes, generated or mutated, gives the same call or the same
 * error.
 */
class PlainCborReadTests {

	/** The CBOR serializer as it was: every REQUEST through the parser. */
	private static final class ThroughTheParser extends JacksonSerializer {

		ThroughTheParser() {
			super(CborSerializer.mapper());
		}

		@Override
		protected ObjectMapper mapperWith(StreamReadConstraints constraints) {
			return CborSerializer.mapper();
		}

		@Override
		public String getName() {
			return "cbor";
		}

		@Override
		public String getContentType() {
			return "application/cbor";
		}

	}

	private static final ThroughTheParser PARSER = new ThroughTheParser();

	/** Bytes that CBOR's heads, markers and texts are made of. */
	private static final byte[] NOISE = { 0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x20, 0x37, 0x38, 0x3a, 0x60, 0x61,
			0x63, 0x64, 0x78, (byte) 0x80, (byte) 0x81, (byte) 0x9f, (byte) 0xa0, (byte) 0xa1, (byte) 0xbf, (byte) 0xf4,
			(byte) 0xf5, (byte) 0xf6, (byte) 0xf7, (byte) 0xf9, (byte) 0xfa, (byte) 0xfb, (byte) 0xff, 'a', 'f',
			(byte) 0xc3 };

	@Provide
	Arbitrary<CallPayload> calls() {
		return CallArbitraries.calls();
	}

	private static Object read(JacksonSerializer serializer, byte[] data) {
		try {
			return serializer.decodeCall(data);
		}
		catch (BadRequestException ex) {
			return ex.getClass() + ": " + ex.getMessage();
		}
	}

	@Property(tries = 5000)
	void readsWhatTheParserReadsOfEveryRequestItTakes(@ForAll("calls") CallPayload call,
			@ForAll @IntRange(min = 0, max = 3) int edits, @ForAll @LongRange(min = 0) long seed) {
		byte[] data = CborSerializer.mapper().writeValueAsBytes(call);
		Random random = new Random(seed);
		for (int e = 0; e < edits && data.length > 0; e++) {
			int at = random.nextInt(data.length);
			switch (random.nextInt(3)) {
				case 0 -> data[at] = NOISE[random.nextInt(NOISE.length)];
				case 1 -> {
					byte[] shorter = new byte[data.length - 1];
					System.arraycopy(data, 0, shorter, 0, at);
					System.arraycopy(data, at + 1, shorter, at, data.length - at - 1);
					data = shorter;
				}
				default -> {
					byte[] longer = Arrays.copyOf(data, data.length + 1);
					System.arraycopy(data, at, longer, at + 1, data.length - at);
					longer[at] = NOISE[random.nextInt(NOISE.length)];
					data = longer;
				}
			}
		}
		PlainCborCalls.Fields plain;
		try {
			plain = PlainCborCalls.decode(data);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("the fast path threw on " + Arrays.toString(data), ex);
		}
		Statistics.collect((plain != null) ? "without a parser" : "by the parser");
		Statistics.coverage((coverage) -> coverage.check("without a parser").percentage((percent) -> percent > 5));
		assertThat(read(CborSerializer.INSTANCE, data)).as(Arrays.toString(data)).isEqualTo(read(PARSER, data));
	}

	@Test
	void readsBackWhatItWritesAndLeavesOtherFormsToTheParser() {
		byte[] plain = PlainCborCalls
			.encode(new CallPayload("mul", List.of(6, -7L, true, "x", 70_000, 4_000_000_000L), Map.of(), 1.5, null));
		assertThat(PlainCborCalls.decode(plain)).isNotNull();
		byte[] wide = PlainCborCalls.encode(new CallPayload("mul", List.of(5_000_000_000L), Map.of(), 1.5, null));
		assertThat(PlainCborCalls.decode(wide)).as("an integer of 64 bits: the parser's").isNull();
		assertThat(read(CborSerializer.INSTANCE, wide)).isEqualTo(read(PARSER, wide));
		assertThat(read(CborSerializer.INSTANCE, plain)).isEqualTo(read(PARSER, plain));
		// found by the property: kwargs' map opened, then a null where its end should be
		byte[] unclosed = plain.clone();
		int kwargs = indexOf(plain, "kwargs".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + 6;
		assertThat(plain[kwargs + 1]).isEqualTo((byte) 0xff);
		unclosed[kwargs + 1] = (byte) 0xf6;
		assertThat(PlainCborCalls.decode(unclosed)).isNull();
		assertThat(read(CborSerializer.INSTANCE, unclosed)).isEqualTo(read(PARSER, unclosed))
			.asString()
			.contains("BadRequestException");
		byte[] definite = CborSerializer.mapper().writeValueAsBytes(Map.of("func", "mul"));
		assertThat(PlainCborCalls.decode(definite)).isNull();
		byte[] headers = CborSerializer.mapper()
			.writeValueAsBytes(new CallPayload("mul", List.of(), Map.of(), 1.0, Map.of("h", "v")));
		assertThat(PlainCborCalls.decode(headers)).isNull();
	}

	private static int indexOf(byte[] data, byte[] part) {
		for (int i = 0; i + part.length <= data.length; i++) {
			if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		throw new AssertionError("not found");
	}

}
