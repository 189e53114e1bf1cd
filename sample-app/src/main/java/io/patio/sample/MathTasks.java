package io.patio.sample;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * The sample's tasks: the implementation of the {@link MathService} contract. The starter
 * registers its methods under the contract's names, with no annotation repeated here.
 */
@Component
public class MathTasks implements MathService {

	@Override
	public CompletableFuture<Integer> mul(int... xs) {
		int product = 1;
		for (int x : xs) {
			product *= x;
		}
		return CompletableFuture.completedFuture(product);
	}

	/**
	 * Completes later without holding a worker thread while it waits.
	 */
	@Override
	public CompletionStage<Integer> slowSquare(int x) {
		return CompletableFuture.supplyAsync(() -> x * x, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
	}

	@Override
	public CompletableFuture<Point> scale(Point point, int factor) {
		return CompletableFuture.completedFuture(new Point(point.x() * factor, point.y() * factor));
	}

}
