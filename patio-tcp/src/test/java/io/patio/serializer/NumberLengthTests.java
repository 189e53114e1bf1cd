package io.patio.serializer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.patio.serializer.cbor.CborSerializer;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A number of at most {@value JacksonSerializer#MAX_NUMBER_LENGTH} digits goes out and
 * comes back through a bounded decode, in JSON and CBOR alike; one digit more fails at
 * send with an {@link UnsupportedValueException} naming the cap, never at the receiver.
 */
class NumberLengthTests {

	private static final int CAP = JacksonSerializer.MAX_NUMBER_LENGTH;

	static List<JacksonSerializer> serializers() {
		return List.of(JsonSerializer.INSTANCE, CborSerializer.INSTANCE);
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void anIntegerOfAsManyDigitsAsTheCapGoesOutAndComesBack(JacksonSerializer serializer) {
		BigInteger largest = BigInteger.TEN.pow(CAP).subtract(BigInteger.ONE);
		assertRoundTrip(serializer, largest);
		assertRoundTrip(serializer, largest.negate());
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void anIntegerOfOneDigitMoreFailsAtSend(JacksonSerializer serializer) {
		assertRefused(serializer, BigInteger.TEN.pow(CAP));
		assertRefused(serializer, BigInteger.TEN.pow(CAP).negate());
		// factorial(500): 1135 digits
		BigInteger factorial = BigInteger.ONE;
		for (int i = 2; i <= 500; i++) {
			factorial = factorial.multiply(BigInteger.valueOf(i));
		}
		assertRefused(serializer, factorial);
		assertRefused(serializer, BigInteger.TWO.pow(1_000_000));
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void aDecimalCountsItsFractionAndExponentDigits(JacksonSerializer serializer) {
		// 998 digits, then an exponent of two digits: 7.77...E-50, 1000 digits
		BigDecimal underWithExponent = new BigDecimal(new BigInteger("7".repeat(CAP - 2)), CAP - 3 + 50);
		assertThat(underWithExponent.toString()).endsWith("E-50");
		assertRoundTrip(serializer, underWithExponent);
		assertRoundTrip(serializer, new BigDecimal("1." + "5".repeat(CAP - 1)));
		BigDecimal overWithExponent = new BigDecimal(new BigInteger("7".repeat(CAP - 1)), CAP - 2 + 50);
		assertThat(overWithExponent.toString()).endsWith("E-50");
		assertRefused(serializer, overWithExponent);
		assertRefused(serializer, new BigDecimal("1." + "5".repeat(CAP)));
		assertRefused(serializer, new BigDecimal(BigInteger.TWO.pow(1_000_000), 3));
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void theCapHoldsInsideContainersAndNotInMemory(JacksonSerializer serializer) {
		BigInteger over = BigInteger.TEN.pow(CAP);
		assertRefused(serializer, List.of(1, over));
		assertRefused(serializer, Map.of("n", over));
		// conversions in memory keep every digit
		assertThat(serializer.mapper().convertValue(Map.of("n", over), Map.class)).containsEntry("n", over);
	}

	private static void assertRoundTrip(JacksonSerializer serializer, Number value) {
		byte[] encoded = serializer.encode(value);
		Object decoded = serializer.mapper()
			.treeToValue((JsonNode) serializer.boundedFor(1 << 20).decode(encoded), value.getClass());
		assertThat(decoded).isEqualTo(value);
	}

	private static void assertRefused(JacksonSerializer serializer, Object value) {
		assertThatExceptionOfType(UnsupportedValueException.class).isThrownBy(() -> serializer.encode(value))
			.withMessageContaining("at most " + CAP + " digits");
	}

}
