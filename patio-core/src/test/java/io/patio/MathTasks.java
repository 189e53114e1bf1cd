package io.patio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.patio.registry.PatioTask;

/** Tasks the core tests register. */
public class MathTasks {

	public record Point(int x, int y) {
	}

	public enum Color {

		RED, GREEN

	}

	@PatioTask("mul")
	public int mul(int... xs) {
		int product = 1;
		for (int x : xs) {
			product *= x;
		}
		return product;
	}

	@PatioTask
	public int pow(int base, int exponent) {
		int result = 1;
		for (int i = 0; i < exponent; i++) {
			result *= base;
		}
		return result;
	}

	public String concat(String prefix, List<Integer> numbers) {
		StringBuilder text = new StringBuilder(prefix);
		numbers.forEach(text::append);
		return text.toString();
	}

	public Point scale(Point point, int factor) {
		return new Point(point.x() * factor, point.y() * factor);
	}

	public int sumValues(Map<String, List<Integer>> values) {
		return values.values().stream().flatMap(List::stream).mapToInt(Integer::intValue).sum();
	}

	public long widen(long value) {
		return value;
	}

	public String paint(Color color, boolean bright) {
		return (bright ? "bright " : "") + color;
	}

	public CompletionStage<Integer> asyncSquare(int x) {
		return CompletableFuture.supplyAsync(() -> x * x);
	}

	public String fail(String message) {
		throw new IllegalStateException(message);
	}

	public int overloaded(int x) {
		return x;
	}

	public int overloaded(int x, int y) {
		return x + y;
	}

	public static int staticTwice(int x) {
		return 2 * x;
	}

}
