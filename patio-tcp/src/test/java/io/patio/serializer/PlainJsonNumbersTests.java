package io.patio.serializer;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import tools.jackson.core.io.NumberOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeout's fast writer and reader against what they stand in for: the mapper's
 * shortest-decimal writer and {@link Double#parseDouble}.
 */
class PlainJsonNumbersTests {

	private static String written(double seconds) {
		byte[] out = new byte[32];
		int end = PlainJsonNumbers.putMicros(out, 0, seconds);
		return (end > 0) ? new String(out, 0, end, StandardCharsets.US_ASCII) : null;
	}

	@Property(tries = 20000)
	void aWholeNumberOfMicrosecondsIsWrittenAsTheMapperWritesIt(
			@ForAll @LongRange(min = 0, max = 20_000_000_000_000L) long micros) {
		double seconds = micros / 1e6;
		String fast = written(seconds);
		if (micros >= 1000 && micros < 10_000_000_000_000L) {
			assertThat(fast).as("%d microseconds are written fast", micros).isNotNull();
		}
		if (fast != null) {
			assertThat(fast).isEqualTo(NumberOutput.toString(seconds, true));
		}
	}

	@Property(tries = 5000)
	void anyOtherDoubleIsLeftToTheMapper(@ForAll double seconds) {
		String fast = written(seconds);
		if (fast != null) {
			assertThat(fast).isEqualTo(NumberOutput.toString(seconds, true));
		}
	}

	@Test
	void theEdgesOfTheRange() {
		assertThat(written(0.001)).isEqualTo("0.001");
		assertThat(written(0.000999)).isNull();
		assertThat(written(30.0)).isEqualTo("30.0");
		assertThat(written(29.999987)).isEqualTo("29.999987");
		assertThat(written(9_999_999.999999)).isEqualTo("9999999.999999");
		assertThat(written(1e7)).isNull();
		assertThat(written(0.1 + 0.2)).as("not a whole number of microseconds").isNull();
		assertThat(written(Double.NaN)).isNull();
	}

	@Provide
	Arbitrary<String> floats() {
		Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(12);
		return net.jqwik.api.Combinators
			.combine(Arbitraries.of("", "-"), digits.filter((d) -> d.length() == 1 || d.charAt(0) != '0'), digits,
					Arbitraries.of("", "", "", "e5", "E-3"))
			.as((sign, whole, fraction, exponent) -> sign + whole + "." + fraction + exponent);
	}

	@Property(tries = 20000)
	void aFloatIsReadAsParseDoubleReadsIt(@ForAll("floats") String text) {
		byte[] data = text.getBytes(StandardCharsets.US_ASCII);
		double fast = PlainJsonNumbers.exactly(data, 0, data.length);
		long digits = text.chars().filter(Character::isDigit).count();
		if (!text.contains("e") && !text.contains("E") && digits <= 15) {
			assertThat(fast).as(text).isNotNaN();
		}
		if (!Double.isNaN(fast)) {
			assertThat(Double.doubleToRawLongBits(fast)).as(text)
				.isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
		}
	}

}
