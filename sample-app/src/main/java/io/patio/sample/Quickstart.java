package io.patio.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.patio.broker.PatioBroker;

import org.springframework.stereotype.Service;

/**
 * The seed's quickstart done the Spring way: {@code mul(1, 2, 3)} called 100 times
 * concurrently through the injected {@link MathService} client.
 */
@Service
public class Quickstart {

	/** How many concurrent calls the quickstart makes. */
	public static final int CALLS = 100;

	private final MathService math;

	private final PatioBroker broker;

	public Quickstart(MathService math, PatioBroker broker) {
		this.math = math;
		this.broker = broker;
	}

	/** The kind of broker the calls go through: memory, tcp-server or tcp-client. */
	public String getBrokerType() {
		return this.broker.getType();
	}

	/**
	 * Calls {@code mul(1, 2, 3)} {@value #CALLS} times at once and returns every result.
	 */
	public CompletableFuture<List<Integer>> run() {
		List<CompletableFuture<Integer>> calls = IntStream.range(0, CALLS)
			.mapToObj((i) -> this.math.mul(1, 2, 3))
			.toList();
		return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
			.thenApply((done) -> calls.stream().map(CompletableFuture::join).toList());
	}

}
