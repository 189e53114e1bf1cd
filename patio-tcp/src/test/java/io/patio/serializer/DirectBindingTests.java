package io.patio.serializer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import io.patio.ResultConversionException;
import io.patio.broker.ResultConverter;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer bound straight to the caller's record ({@link Serializer#decodeAs}) against
 * the usual path it skips, decoding a tree and converting it: whenever the direct path
 * gives a value, the usual path gives the same value. Payloads are objects built from
 * valid and invalid fragments per field, with keys dropped, repeated and unknown.
 */
class DirectBindingTests {

	private static final Serializer JSON = JsonSerializer.INSTANCE.boundedFor(1 << 20);

	private static final ResultConverter LINES = ResultConverter.of(Line.class);

	enum Kind {

		A, B

	}

	record Inner(String a, double b) {
	}

	/** A money type as applications write them: built from a bare decimal. */
	static final class Money {

		private final BigDecimal value;

		public Money(BigDecimal value) {
			this.value = value;
		}

		@com.fasterxml.jackson.annotation.JsonValue
		public BigDecimal value() {
			return this.value;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Money money && money.value.equals(this.value);
		}

		@Override
		public int hashCode() {
			return this.value.hashCode();
		}

		@Override
		public String toString() {
			return "Money[" + this.value + "]";
		}

	}

	record Line(String sku, int qty, double price, BigDecimal amount, long id, Boolean flag, List<Integer> numbers,
			Map<String, Object> extra, Object any, float ratio, Kind kind, Inner inner, Number number, Money money) {
	}

	private static final String[] NAMES = { "sku", "qty", "price", "amount", "id", "flag", "numbers", "extra", "any",
			"ratio", "kind", "inner", "number", "money" };

	private static final List<List<String>> VALID = List.of(List.of("\"x\"", "\"\\u00e9\"", "null", "\"\""),
			List.of("0", "-7", "2147483647"), List.of("1.5", "-0.0", "0", "9.90", "1e3", "4.9E-324", "-2"),
			List.of("9.90", "1", "-0.0", "1e-3", "123456789012345678901234567890.5", "null", "-0.000", "-0e5"),
			List.of("9223372036854775807", "-1", "0"), List.of("true", "false", "null"),
			List.of("[1,2]", "[]", "null", "[-0]"),
			List.of("{}", "{\"a\":1.10}", "{\"a\":\"s\",\"b\":[2.5,-0.0]}", "null"),
			List.of("1.10", "-0.0", "\"s\"", "[1,{\"a\":2}]", "null", "12345678901234567890", "true"),
			// floats halfway between two floats once they are doubles, and just past that
			List.of("1.5", "3.4028235E38", "-0.0", "1e-46", "0.1", "1.000000059604644775390625",
					"1.00000005960464477539062500001", "16777217", "18014399583223809"),
			List.of("\"A\"", "\"B\"", "null"),
			List.of("{\"a\":\"s\",\"b\":2.5}", "null", "{}", "{\"b\":-0.0,\"a\":null}"),
			List.of("0.1", "1e400", "-0.0", "7", "12345678901234567890", "2.50", "null", "-3"),
			List.of("9.90", "123456789012345678901234567890.5", "-0.0", "-0.000", "null", "1e2"));

	private static final List<String> ANY = List.of("1", "-0", "1.5", "2147483648", "-9223372036854775809",
			"3.4028235E39", "1e400", "\"x\"", "\"1\"", "true", "null", "[1,2]", "[1.5]", "{}", "\"C\"", "0.5",
			"{\"a\":1}", "[\"x\"]", "\"A\"", "9.99e-400");

	/**
	 * Every field with a valid value, then edits: a value swapped for any fragment, a key
	 * dropped, repeated or unknown.
	 */
	@Provide
	Arbitrary<String> payloads() {
		return lineObjects();
	}

	/** The objects {@link #payloads} gives: also the arguments of REQUESTs elsewhere. */
	static Arbitrary<String> lineObjects() {
		Arbitrary<List<String>> full = Arbitraries.integers().between(0, 1_000_000).map((seed) -> {
			java.util.Random random = new java.util.Random(seed);
			List<String> fields = new ArrayList<>();
			for (int i = 0; i < NAMES.length; i++) {
				List<String> valid = VALID.get(i);
				fields.add("\"" + NAMES[i] + "\":" + valid.get(random.nextInt(valid.size())));
			}
			return fields;
		});
		return Arbitraries.integers().between(0, Integer.MAX_VALUE).flatMap((seed) -> full.map((fields) -> {
			java.util.Random random = new java.util.Random(seed);
			int count = random.nextInt(4);
			for (int e = 0; e < count; e++) {
				int at = random.nextInt(fields.size());
				String name = fields.get(at).substring(0, fields.get(at).indexOf(':'));
				switch (random.nextInt(4)) {
					case 0 -> fields.set(at, name + ":" + ANY.get(random.nextInt(ANY.size())));
					case 1 -> fields.remove(at);
					case 2 ->
						fields.add(random.nextInt(fields.size() + 1), name + ":" + ANY.get(random.nextInt(ANY.size())));
					default -> fields.add(random.nextInt(fields.size() + 1), "\"zz\":{\"a\":[1]}");
				}
				if (fields.isEmpty()) {
					break;
				}
			}
			return "{" + String.join(",", fields) + "}";
		}));
	}

	/** The usual path: decode the tree, then convert it; the value, or the error. */
	private static Object usual(byte[] payload) {
		try {
			Object decoded = JSON.decode(payload);
			Object value = (decoded instanceof JsonNode node && node.isNull()) ? null : decoded;
			return LINES.convert("t", value);
		}
		catch (SerializationException | ResultConversionException ex) {
			return ex;
		}
	}

	@Property(tries = 4000)
	void whatBindsDirectlyIsWhatTheTreeConvertsTo(@ForAll("payloads") String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		Optional<Object> direct = JSON.decodeAs(payload, LINES.getBeanType());
		Object usual = usual(payload);
		Statistics.collect(direct.isPresent() ? "bound directly" : "left to the tree");
		Statistics.coverage((coverage) -> coverage.check("bound directly").percentage((percent) -> percent > 10));
		if (direct.isPresent()) {
			assertThat(usual).as(text).isNotInstanceOf(Exception.class).isEqualTo(direct.get());
		}
	}

	@Test
	void onlyAnObjectOfAClassOfTheApplicationsIsBoundDirectly() {
		byte[] line = "{\"sku\":\"x\",\"qty\":2,\"price\":9.90,\"amount\":9.90,\"id\":3,\"ratio\":0.5}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(JSON.decodeAs(line, LINES.getBeanType())).get()
			.isEqualTo(new Line("x", 2, 9.9, new BigDecimal("9.90"), 3, null, null, null, null, 0.5f, null, null, null,
					null));
		assertThat(JSON.decodeAs("{\"qty\":1,\"qty\":2}".getBytes(StandardCharsets.UTF_8), LINES.getBeanType()))
			.as("a key twice is left to the tree, which keeps the last")
			.isEmpty();
		assertThat(JSON.decodeAs("{\"qty\":\"1\"}".getBytes(StandardCharsets.UTF_8), LINES.getBeanType())).isEmpty();
		assertThat(JSON.decodeAs("{} {}".getBytes(StandardCharsets.UTF_8), LINES.getBeanType())).isEmpty();
		assertThat(ResultConverter.of(Integer.class).getBeanType()).isNull();
		assertThat(ResultConverter.of(String.class).getBeanType()).isNull();
		assertThat(ResultConverter.of(Map.class).getBeanType()).isNull();
		assertThat(ResultConverter.of(List.class).getBeanType()).isNull();
		assertThat(ResultConverter.of(Object.class).getBeanType()).isNull();
		assertThat(ResultConverter.of(Kind.class).getBeanType()).isNull();
		assertThat(ResultConverter.of(JsonNode.class).getBeanType()).isNull();
		assertThat(ResultConverter.of(ArrayList.class).getBeanType()).isNull();
		assertThat(io.patio.serializer.cbor.CborSerializer.INSTANCE.decodeAs(new byte[] { (byte) 0xA0 },
				LINES.getBeanType()))
			.isEmpty();
	}

}
