package io.patio.serializer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import io.patio.serializer.RoundTripTasks.Color;
import io.patio.serializer.RoundTripTasks.Inner;
import io.patio.serializer.RoundTripTasks.Numbers;
import io.patio.serializer.RoundTripTasks.Sample;
import io.patio.serializer.RoundTripTasks.Shapes;
import io.patio.serializer.RoundTripTasks.Texts;
import io.patio.serializer.RoundTripTasks.Times;

/** Random values of every type in the table of docs/protocol.md, edge values first. */
final class Samples {

	private static final double NULLS = 0.1;

	private Samples() {
	}

	/** Whole samples; {@code finite} leaves out NaN and the infinities (for JSON). */
	static Arbitrary<Sample> samples(boolean finite) {
		return Combinators.combine(numbers(finite), texts(), timesRecords(), shapes()).as(Sample::new);
	}

	static Arbitrary<Numbers> numbers(boolean finite) {
		Arbitrary<Double> doubles = doubles(finite);
		return Combinators
			.combine(decimals().injectNull(NULLS), bigIntegers().injectNull(NULLS), longs(), doubles,
					doubles.injectNull(NULLS), floats(finite), doubles.injectNull(NULLS).list().ofMaxSize(4),
					doubles.array(double[].class).ofMaxSize(4).injectNull(NULLS))
			.as(Numbers::new);
	}

	/**
	 * Decimals of any scale, with the ones that went wrong before: trailing zeros,
	 * positive exponents, more digits than a double has, and exponents far out of a
	 * double's range.
	 */
	static Arbitrary<BigDecimal> decimals() {
		Arbitrary<BigDecimal> any = Combinators
			.combine(Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)),
					Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, Arbitraries.integers().between(-40, 40)),
							net.jqwik.api.Tuple.of(1, Arbitraries.of(-999_999_999, 999_999_999))))
			.as(BigDecimal::new);
		Arbitrary<BigDecimal> known = Arbitraries
			.of("12345678901234567.89", "9.90", "1E+3", "0.00", "-0.0", "1E-7", "-1E+999999999", "0.1",
					"123456789.123456789123456789")
			.map(BigDecimal::new);
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, any), net.jqwik.api.Tuple.of(1, known));
	}

	static Arbitrary<BigInteger> bigIntegers() {
		BigInteger limit = BigInteger.TWO.pow(200);
		return Arbitraries.bigIntegers().between(limit.negate(), limit);
	}

	static Arbitrary<Long> longs() {
		return Arbitraries.longs().withDistribution(net.jqwik.api.RandomDistribution.uniform());
	}

	/** Any bit pattern, plus the edge values. */
	static Arbitrary<Double> doubles(boolean finite) {
		Arbitrary<Double> bits = Arbitraries.longs().map(Double::longBitsToDouble);
		Arbitrary<Double> edges = Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
				Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 1.0 / 3, 9.9, 1e23, 12345678901234567.89, Double.NaN,
				Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
		Arbitrary<Double> all = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, bits),
				net.jqwik.api.Tuple.of(1, edges), net.jqwik.api.Tuple.of(1, Arbitraries.doubles()));
		return finite ? all.filter(Double::isFinite) : all;
	}

	static Arbitrary<Float> floats(boolean finite) {
		Arbitrary<Float> bits = Arbitraries.integers().map(Float::intBitsToFloat);
		Arbitrary<Float> edges = Arbitraries.of(-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.MIN_NORMAL, 0.1f,
				Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
		Arbitrary<Float> all = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, bits),
				net.jqwik.api.Tuple.of(1, edges));
		return finite ? all.filter(Float::isFinite) : all;
	}

	/** Any Unicode text: every code point, supplementary planes included. */
	static Arbitrary<String> strings() {
		return Arbitraries.integers()
			.between(0, Character.MAX_CODE_POINT)
			.filter((codePoint) -> codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
			.list()
			.ofMaxSize(12)
			.map((codePoints) -> {
				StringBuilder text = new StringBuilder();
				codePoints.forEach(text::appendCodePoint);
				return text.toString();
			});
	}

	static Arbitrary<Texts> texts() {
		return Combinators
			.combine(strings().injectNull(NULLS), Arbitraries.chars().filter((c) -> !Character.isSurrogate(c)),
					Arbitraries.bytes().array(byte[].class).ofMaxSize(16).injectNull(NULLS), uuids().injectNull(NULLS),
					Arbitraries.of(Color.class).injectNull(NULLS), strings().optional(), decimals().optional())
			.as(Texts::new);
	}

	static Arbitrary<UUID> uuids() {
		return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
	}

	static Arbitrary<Instant> instants() {
		return Combinators
			.combine(Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
					Arbitraries.integers().between(0, 999_999_999))
			.as(Instant::ofEpochSecond);
	}

	static Arbitrary<LocalDate> dates() {
		return Arbitraries.longs()
			.between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay())
			.map(LocalDate::ofEpochDay);
	}

	static Arbitrary<LocalTime> times() {
		return Arbitraries.longs().between(0, LocalTime.MAX.toNanoOfDay()).map(LocalTime::ofNanoOfDay);
	}

	static Arbitrary<Times> timesRecords() {
		return Combinators
			.combine(instants().injectNull(NULLS), dates().injectNull(NULLS), times().injectNull(NULLS),
					Combinators.combine(dates(), times()).as(LocalDateTime::of).injectNull(NULLS),
					Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 999_999_999))
						.as(Duration::ofSeconds)
						.injectNull(NULLS))
			.as(Times::new);
	}

	static Arbitrary<Inner> inners() {
		return Combinators
			.combine(strings().injectNull(NULLS), decimals().injectNull(NULLS),
					longs().injectNull(NULLS).list().ofMaxSize(3).injectNull(NULLS))
			.as(Inner::new);
	}

	static Arbitrary<Shapes> shapes() {
		Arbitrary<List<java.util.Map<String, List<BigDecimal>>>> nested = Arbitraries
			.maps(strings(), decimals().injectNull(NULLS).list().ofMaxSize(3).injectNull(NULLS))
			.ofMaxSize(3)
			.list()
			.ofMaxSize(3)
			.injectNull(NULLS);
		return Combinators
			.combine(nested, Arbitraries.maps(longs(), strings().injectNull(NULLS)).ofMaxSize(3).injectNull(NULLS),
					Arbitraries.maps(Arbitraries.of(Color.class), instants()).ofMaxSize(3),
					uuids().set().ofMaxSize(3).injectNull(NULLS), inners().list().ofMaxSize(3),
					Arbitraries.integers().array(int[].class).ofMaxSize(4).injectNull(NULLS),
					Arbitraries.maps(strings(), inners().optional()).ofMaxSize(2))
			.as(Shapes::new);
	}

}
