package io.patio.broker.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The worker side of {@link Shapes}: a plain implementation, with no annotation repeated.
 */
public class ShapesWorker implements Shapes {

	/** What {@link #record} received, in order. */
	public final List<String> recorded = new CopyOnWriteArrayList<>();

	@Override
	public int mul(int... xs) {
		int product = 1;
		for (int x : xs) {
			product *= x;
		}
		return product;
	}

	@Override
	public Point scale(Point point, int factor) {
		return new Point(point.x() * factor, point.y() * factor);
	}

	@Override
	public CompletableFuture<Point> scaleLater(Point point, int factor) {
		return CompletableFuture.supplyAsync(() -> scale(point, factor),
				CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
	}

	@Override
	public CompletionStage<Integer> slowSquare(int x) {
		return CompletableFuture.supplyAsync(() -> x * x, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
	}

	@Override
	public List<Point> line(int n) {
		return IntStream.range(0, n).mapToObj((i) -> new Point(i, i)).toList();
	}

	@Override
	public CompletableFuture<Map<String, List<Point>>> grouped(int n) {
		return CompletableFuture.completedFuture(Map.of("line", line(n)));
	}

	@Override
	public void record(String entry) {
		this.recorded.add(entry);
	}

	@Override
	public String greet(String name, String greeting) {
		return greeting + ", " + name;
	}

	@Override
	public String tenant(String tenant) {
		return "tenant=" + tenant;
	}

	@Override
	public long budgetMillis(Duration budget) {
		return (budget != null) ? budget.toMillis() : -1;
	}

	@Override
	public int nap(long millis, Duration budget) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 1;
	}

	@Override
	public String fail(String message) {
		throw new IllegalStateException(message);
	}

}
