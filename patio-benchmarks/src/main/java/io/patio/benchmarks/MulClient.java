package io.patio.benchmarks;

import java.util.concurrent.CompletableFuture;

import io.patio.client.PatioClient;
import io.patio.registry.PatioTask;

/**
 * The typed client of the {@code patio-memory-typed-client} row: the same task as the
 * {@code broker.call("mul", Integer.class, 6, 7)} row, called through a proxy. A caller's
 * contract may return a future of what the worker's task returns.
 */
@PatioClient
public interface MulClient {

	@PatioTask("mul")
	CompletableFuture<Integer> mul(int a, int b);

}
