package io.patio.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.patio.broker.PatioBroker;
import io.patio.executor.PatioExecutor;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link PatioBroker} once every other bean is ready and stops it before any
 * of them: it runs in the highest phase, so it starts last and stops first.
 * <p>
 * Starting the broker locks the registry, so every {@code @PatioTask} must be registered
 * by then. Stopping closes the broker (new calls fail) and then shuts the broker's
 * executor down: calls already accepted get up to {@code shutdownGrace} to finish
 * (Boot's {@code spring.lifecycle.timeout-per-shutdown-phase}), the rest fail with
 * {@link io.patio.ShuttingDownException}.
 */
public class PatioBrokerLifecycle implements SmartLifecycle {

	/** The phase of this lifecycle: the highest, so it starts last and stops first. */
	public static final int PHASE = Integer.MAX_VALUE;

	private static final Log logger = LogFactory.getLog(PatioBrokerLifecycle.class);

	private final PatioBroker broker;

	private final Duration shutdownGrace;

	private volatile boolean running;

	/**
	 * @param broker the broker to start and stop
	 * @param shutdownGrace how long pending calls may run after the broker stops
	 */
	public PatioBrokerLifecycle(PatioBroker broker, Duration shutdownGrace) {
		this.broker = Objects.requireNonNull(broker, "broker");
		this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.broker.start();
		this.running = true;
		if (logger.isInfoEnabled()) {
			PatioExecutor executor = this.broker.getExecutor();
			logger.info("patio " + this.broker.getType() + " broker started with the " + executor.getType()
					+ " executor and " + this.broker.getRegistry().asMap().size() + " task(s)");
		}
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		try {
			this.broker.close();
		}
		finally {
			this.broker.getExecutor().shutdown(this.shutdownGrace);
		}
		logger.debug("patio broker stopped");
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** The broker this lifecycle starts and stops. */
	public PatioBroker getBroker() {
		return this.broker;
	}

	/** How long pending calls may run when the application stops. */
	public Duration getShutdownGrace() {
		return this.shutdownGrace;
	}

}
