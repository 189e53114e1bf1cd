package io.patio.broker.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.patio.client.Header;
import io.patio.client.Kwarg;
import io.patio.client.PatioClient;
import io.patio.client.Timeout;
import io.patio.registry.PatioTask;

/**
 * A contract with every return and parameter kind a typed client supports, shared by the
 * typed-client tests of every module.
 */
@PatioClient
@Timeout("30s")
public interface Shapes {

	@PatioTask("shapes.mul")
	int mul(int... xs);

	Point scale(Point point, int factor);

	CompletableFuture<Point> scaleLater(Point point, int factor);

	@Timeout("20s")
	CompletionStage<Integer> slowSquare(int x);

	List<Point> line(int n);

	CompletableFuture<Map<String, List<Point>>> grouped(int n);

	void record(String entry);

	String greet(String name, @Kwarg("greeting") String greeting);

	String tenant(@Header("x-tenant") String tenant);

	long budgetMillis(@Timeout Duration budget);

	int nap(long millis, @Timeout Duration budget);

	String fail(String message);

	/** Runs on the caller, through the proxy's own task method. */
	default int mulTwice(int x) {
		return mul(x, 2);
	}

	/** A point, sent as a record. */
	record Point(int x, int y) {
	}

}
