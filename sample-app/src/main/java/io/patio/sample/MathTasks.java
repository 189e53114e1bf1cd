package io.patio.sample;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.patio.registry.PatioTask;

import org.springframework.stereotype.Component;

/**
 * The sample's tasks. The starter finds the {@link PatioTask} methods of this bean and
 * registers them; callers reach them through the {@link io.patio.broker.PatioBroker}, by
 * name or by method reference.
 */
@Component
public class MathTasks {

	/** The seed's {@code mul}: the product of all arguments, registered as "mul". */
	@PatioTask("mul")
	public int mul(int... xs) {
		int product = 1;
		for (int x : xs) {
			product *= x;
		}
		return product;
	}

	/**
	 * A task that returns a {@link CompletionStage}: the square of {@code x}, a few
	 * milliseconds later, without holding a worker thread while it waits. Its generated
	 * name is {@code io.patio.sample.MathTasks.slowSquare}.
	 */
	@PatioTask
	public CompletionStage<Integer> slowSquare(int x) {
		return CompletableFuture.supplyAsync(() -> x * x, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
	}

	/** A task that takes and returns a record, registered as "scale". */
	@PatioTask("scale")
	public Point scale(Point point, int factor) {
		return new Point(point.x() * factor, point.y() * factor);
	}

}
