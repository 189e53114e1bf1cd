package io.patio.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.patio.broker.CallInterceptor;
import io.patio.broker.InterceptableBroker;
import io.patio.broker.ListeningBroker;
import io.patio.broker.PatioBroker;
import io.patio.executor.ExecutionInterceptor;
import io.patio.executor.InterceptableExecutor;
import io.patio.executor.PatioExecutor;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link PatioBroker} once every other bean is ready and stops it before any
 * of them: it runs in the highest phase, so it starts last and stops first.
 * <p>
 * Starting the broker locks the registry, so every {@code @PatioTask} must be registered
 * by then. Stopping closes the broker (new calls fail) and then shuts the broker's
 * executor down: calls already accepted get up to {@code shutdownGrace} to finish (Boot's
 * {@code spring.lifecycle.timeout-per-shutdown-phase}), the rest fail with
 * {@link io.patio.ShuttingDownException}.
 * <p>
 * Before starting, it installs the application's {@link CallInterceptor} and
 * {@link ExecutionInterceptor} beans (observation, tracing, metrics) on the broker and
 * its executor, so that they wrap brokers the application defines itself too.
 * <p>
 * Once the broker has started, it publishes a {@link PatioBrokerStartedEvent} with the
 * addresses the broker is bound to.
 */
public class PatioBrokerLifecycle implements SmartLifecycle, ApplicationEventPublisherAware {

	/** The phase of this lifecycle: the highest, so it starts last and stops first. */
	public static final int PHASE = Integer.MAX_VALUE;

	private static final Log logger = LogFactory.getLog(PatioBrokerLifecycle.class);

	private final PatioBroker broker;

	private final Duration shutdownGrace;

	private final List<CallInterceptor> callInterceptors;

	private final List<ExecutionInterceptor> executionInterceptors;

	private volatile boolean running;

	private ApplicationEventPublisher eventPublisher;

	/**
	 * @param broker the broker to start and stop
	 * @param shutdownGrace how long pending calls may run after the broker stops
	 */
	public PatioBrokerLifecycle(PatioBroker broker, Duration shutdownGrace) {
		this(broker, shutdownGrace, List.of(), List.of());
	}

	/**
	 * @param broker the broker to start and stop
	 * @param shutdownGrace how long pending calls may run after the broker stops
	 * @param callInterceptors wrap the broker's calls, the first outermost
	 * @param executionInterceptors wrap the executor's calls, the first outermost
	 */
	public PatioBrokerLifecycle(PatioBroker broker, Duration shutdownGrace, List<CallInterceptor> callInterceptors,
			List<ExecutionInterceptor> executionInterceptors) {
		this.broker = Objects.requireNonNull(broker, "broker");
		this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
		this.callInterceptors = List.copyOf(callInterceptors);
		this.executionInterceptors = List.copyOf(executionInterceptors);
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		installInterceptors();
		this.broker.start();
		this.running = true;
		if (logger.isInfoEnabled()) {
			PatioExecutor executor = this.broker.getExecutor();
			logger.info("patio " + this.broker.getType() + " broker started with the " + executor.getType()
					+ " executor and " + this.broker.getRegistry().asMap().size() + " task(s)");
		}
		if (this.eventPublisher != null) {
			this.eventPublisher.publishEvent(new PatioBrokerStartedEvent(this.broker,
					(this.broker instanceof ListeningBroker listening) ? listening.getBoundAddresses() : List.of()));
		}
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	private void installInterceptors() {
		if (!this.callInterceptors.isEmpty()) {
			if (this.broker instanceof InterceptableBroker interceptable) {
				interceptable.setCallInterceptor(CallInterceptor.chain(this.callInterceptors));
			}
			else {
				logger.warn("patio broker " + this.broker.getClass().getName() + " is not an InterceptableBroker;"
						+ " its calls are not observed");
			}
		}
		if (!this.executionInterceptors.isEmpty()
				&& this.broker.getExecutor() instanceof InterceptableExecutor interceptable) {
			interceptable.setExecutionInterceptor(ExecutionInterceptor.chain(this.executionInterceptors));
		}
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		long start = System.nanoTime();
		try {
			// A networked broker answers its peers' new calls "shutting-down" and lets
			// the
			// calls already running finish within the grace; the executor gets what is
			// left.
			this.broker.close(this.shutdownGrace);
		}
		finally {
			Duration left = this.shutdownGrace.minusNanos(System.nanoTime() - start);
			this.broker.getExecutor().shutdown(left.isNegative() ? Duration.ZERO : left);
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
