package io.patio.broker.rabbitmq;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks the RabbitMQ tests serve. */
public class RabbitTestTasks {

	final AtomicInteger runs = new AtomicInteger();

	final CountDownLatch slowStarted = new CountDownLatch(1);

	final CountDownLatch release = new CountDownLatch(1);

	private final String name;

	public RabbitTestTasks(String name) {
		this.name = name;
	}

	public int mul(int... values) {
		this.runs.incrementAndGet();
		int product = 1;
		for (int value : values) {
			product *= value;
		}
		return product;
	}

	public Map<String, Object> echo(String text, List<Integer> numbers) {
		this.runs.incrementAndGet();
		return Map.of("text", text, "numbers", numbers);
	}

	public String whoami() {
		this.runs.incrementAndGet();
		return this.name;
	}

	public int boom(String message) {
		this.runs.incrementAndGet();
		throw new IllegalArgumentException(message);
	}

	/** Blocks until released (or for at most a minute). */
	public String slow() throws InterruptedException {
		this.runs.incrementAndGet();
		this.slowStarted.countDown();
		this.release.await(60, TimeUnit.SECONDS);
		return this.name;
	}

}
