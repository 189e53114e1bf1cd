package io.patio.serializer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generated {@link CallPayload}s for the differential tests of the fast call writers. */
public final class CallArbitraries {

	/** Where CBOR's heads and JSON's digits change length, on both sides of zero. */
	private static final Long[] BOUNDARIES = { 23L, 24L, 255L, 256L, 65_535L, 65_536L, 4_294_967_295L, 4_294_967_296L,
			-24L, -25L, -256L, -257L, -65_536L, -65_537L, -4_294_967_296L, -4_294_967_297L, (long) Integer.MAX_VALUE,
			(long) Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE };

	private CallArbitraries() {
	}

	/** Names and strings: plain ASCII mostly, and the characters a writer must escape. */
	static Arbitrary<String> texts() {
		return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(12),
				Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12), Arbitraries.strings().ofMaxLength(6),
				Arbitraries.of("mul", "a/b", "quote\"d", "back\\slash", "tab\t", "del\u007f", "é", "\u2028", ""),
				// where CBOR's text heads change length, and where its mapper starts
				// chunking
				Arbitraries.of(23, 24, 255, 256, 3996, 3997, 70_000).map("x"::repeat));
	}

	/**
	 * REQUESTs, most of them plain (the fast writers' share) and the rest not: other
	 * argument types, keyword arguments, headers, names to escape, NaN and infinite
	 * timeouts.
	 */
	public static Arbitrary<CallPayload> calls() {
		Arbitrary<Object> plain = Arbitraries.oneOf(Arbitraries.integers().map(Object.class::cast),
				Arbitraries.longs().map(Object.class::cast), Arbitraries.of(BOUNDARIES).map(Object.class::cast),
				Arbitraries.of(true, false).map(Object.class::cast), Arbitraries.just(null),
				texts().map(Object.class::cast));
		Arbitrary<Object> other = Arbitraries.oneOf(Arbitraries.doubles().map(Object.class::cast),
				Arbitraries.bigDecimals().ofScale(2).map((BigDecimal d) -> (Object) d),
				Arbitraries.integers().list().ofMaxSize(2).map(Object.class::cast));
		Arbitrary<Object> arg = Arbitraries.frequencyOf(Tuple.of(12, plain), Tuple.of(1, other));
		Arbitrary<List<Object>> args = arg.list().ofMaxSize(5).map(ArrayList::new);
		Arbitrary<Map<String, ?>> kwargs = Arbitraries.of(0, 1, 1, 1, 2).map((kind) -> switch (kind) {
			case 0 -> null;
			case 1 -> Map.of();
			default -> Map.of("b", 7);
		});
		Arbitrary<Double> timeouts = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.doubles(),
				Arbitraries.doubles().between(0, 3600),
				Arbitraries.longs().between(1, 3_600_000_000_000L).map((nanos) -> nanos / 1e9),
				// budgets as the TCP client sends them: whole microseconds, some past the
				// range the fast writer takes
				Arbitraries.longs().between(0, 20_000_000_000_000L).map((micros) -> micros / 1e6),
				Arbitraries.longs().between(0, 2_000_000L).map((micros) -> micros / 1e6),
				Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 0.0));
		Arbitrary<Map<String, String>> headers = Arbitraries.of(0, 1, 1, 1, 2).map((kind) -> switch (kind) {
			case 0 -> null;
			case 1 -> Map.<String, String>of();
			default -> Map.of("trace", "x");
		});
		Arbitrary<String> funcs = Arbitraries.frequencyOf(
				Tuple.of(4, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)),
				Tuple.of(1, texts()));
		return Combinators.combine(funcs, args, kwargs, timeouts, headers).as(CallPayload::new);
	}

}
