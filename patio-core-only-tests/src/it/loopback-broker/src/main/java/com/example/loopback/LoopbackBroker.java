package com.example.loopback;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.patio.broker.AbstractPatioBroker;
import io.patio.call.CallRequest;
import io.patio.executor.PatioExecutor;

/**
 * A broker of a user's own: it hands each call to the executor of this process, as the
 * memory broker does, and counts what it delivered.
 */
public class LoopbackBroker extends AbstractPatioBroker {

	private final AtomicLong delivered = new AtomicLong();

	public LoopbackBroker(PatioExecutor executor, Duration defaultTimeout) {
		super(executor, defaultTimeout);
	}

	@Override
	public String getType() {
		return "loopback";
	}

	/** The calls this broker has handed to the executor. */
	public long getDelivered() {
		return this.delivered.get();
	}

	@Override
	protected CompletableFuture<Object> dispatch(CallRequest request) {
		this.delivered.incrementAndGet();
		return getExecutor().execute(request);
	}

}
