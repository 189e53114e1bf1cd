package io.patio.sample;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.patio.client.PatioClient;
import io.patio.registry.PatioTask;

/**
 * The sample's task contract, shared by the worker, which implements it
 * ({@link MathTasks}), and the caller, which calls it through the typed client that
 * {@code @ImportPatioClients} makes. Every method returns a future, so that no thread
 * waits for a task: the HTTP handlers and the quickstart hand it on.
 */
@PatioClient
public interface MathService {

	/** The seed's {@code mul}: the product of all arguments, registered as "mul". */
	@PatioTask("mul")
	CompletableFuture<Integer> mul(int... xs);

	/** A record in, a record out, registered as "scale". */
	@PatioTask("scale")
	CompletableFuture<Point> scale(Point point, int factor);

	/**
	 * The square of {@code x}, a few milliseconds later. Its name is generated from this
	 * interface: {@code io.patio.sample.MathService.slowSquare}.
	 */
	CompletionStage<Integer> slowSquare(int x);

}
