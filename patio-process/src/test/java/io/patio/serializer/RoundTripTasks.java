package io.patio.serializer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.patio.executor.process.RegistryFactory;
import io.patio.registry.Registry;

/**
 * The tasks and the value types of the round-trip properties: every task hands back
 * exactly what it was given, so the value that comes back has crossed the wire twice (as
 * arguments, then as a result) and been bound to declared types both times.
 */
public class RoundTripTasks {

	public enum Color {

		RED, GREEN, BLUE

	}

	public record Numbers(BigDecimal decimal, BigInteger integer, long along, double aDouble, Double boxed,
			float aFloat, List<Double> doubles, double[] doubleArray) {
	}

	public record Texts(String text, char aChar, byte[] bytes, UUID uuid, Color color, Optional<String> maybeText,
			Optional<BigDecimal> maybeDecimal) {
	}

	public record Times(Instant instant, LocalDate date, LocalTime time, LocalDateTime dateTime, Duration duration) {
	}

	public record Inner(String name, BigDecimal amount, List<Long> values) {
	}

	public record Shapes(List<Map<String, List<BigDecimal>>> nested, Map<Long, String> byNumber,
			Map<Color, Instant> byColor, Set<UUID> ids, List<Inner> inners, int[] ints,
			Map<String, Optional<Inner>> maybeInners) {
	}

	public record Sample(Numbers numbers, Texts texts, Times times, Shapes shapes) {
	}

	/** The whole sample as one parameter and as the result. */
	public Sample echo(Sample sample) {
		return sample;
	}

	/** The numbers as top-level parameters, primitives included, and back as a record. */
	public Numbers numbers(BigDecimal decimal, BigInteger integer, long along, double aDouble, Double boxed,
			float aFloat, List<Double> doubles, double[] doubleArray) {
		return new Numbers(decimal, integer, along, aDouble, boxed, aFloat, doubles, doubleArray);
	}

	/** Binds a number to an {@code int}: only integers may. */
	public int plusOne(int value) {
		return value + 1;
	}

	/** A result outside the JSON table: {@code NaN}, or a {@link Thread}. */
	public Object refused(boolean thread) {
		return thread ? Thread.currentThread() : Double.NaN;
	}

	/** In memory, any value: here a JDK class outside the wire's table. */
	public java.util.Date dateOf(Optional<java.util.Date> date) {
		return date.orElse(null);
	}

	/** The registry of the round-trip properties, in the caller and in each worker. */
	public static final class Factory implements RegistryFactory {

		@Override
		public Registry create() {
			Registry registry = new Registry();
			RoundTripTasks tasks = new RoundTripTasks();
			for (String name : List.of("echo", "numbers", "plusOne", "refused", "dateOf")) {
				registry.register(name, tasks, name);
			}
			return registry;
		}

	}

}
