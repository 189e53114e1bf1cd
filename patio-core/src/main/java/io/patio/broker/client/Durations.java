package io.patio.broker.client;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link io.patio.client.Timeout @Timeout} value: a number with a unit, as Spring
 * Boot writes durations ({@code 250ms}, {@code 5s}, {@code 1m}), or ISO-8601
 * ({@code PT5S}).
 */
final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("^\\s*(\\d+)\\s*(ns|us|ms|s|m|h|d)\\s*$");

	private Durations() {
	}

	static Duration parse(String value) {
		Matcher simple = SIMPLE.matcher(value.toLowerCase(Locale.ROOT));
		Duration duration;
		if (simple.matches()) {
			long amount = Long.parseLong(simple.group(1));
			duration = switch (simple.group(2)) {
				case "ns" -> Duration.ofNanos(amount);
				case "us" -> Duration.of(amount, ChronoUnit.MICROS);
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		else {
			try {
				duration = Duration.parse(value.trim());
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException(
						"@Timeout(\"" + value + "\") is not a duration; write e.g. \"5s\", \"250ms\" or \"PT1M\"");
			}
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("@Timeout(\"" + value + "\") must be positive");
		}
		return duration;
	}

}
