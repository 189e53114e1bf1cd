package io.patio.benchmarks;

import java.util.concurrent.CompletableFuture;

/** One kind of call a benchmark makes over and over; {@link #call()} must not block. */
interface Load extends AutoCloseable {

	CompletableFuture<?> call();

	/** A value the scenario checks once, so that a broken load does not pass as fast. */
	default Object expected() {
		return null;
	}

	@Override
	void close();

}
