package io.patio.sample;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link Quickstart} once the application has started (the broker is running by
 * then) and prints the results, as the seed's quickstart does. Turn it off with
 * {@code sample.quickstart.enabled=false}.
 */
@Component
@ConditionalOnProperty(name = "sample.quickstart.enabled", matchIfMissing = true)
// A process-pool worker runs this same application; the quickstart belongs to the parent
// only.
@ConditionalOnProperty(name = "patio.executor.process.worker", havingValue = "false", matchIfMissing = true)
public class QuickstartRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(QuickstartRunner.class);

	private final Quickstart quickstart;

	private volatile List<Integer> results = List.of();

	public QuickstartRunner(Quickstart quickstart) {
		this.quickstart = quickstart;
	}

	@Override
	public void run(ApplicationArguments args) {
		// With a TCP broker the calls wait for a worker that offers mul, up to their
		// timeout.
		this.results = this.quickstart.run().join();
		logger.info("mul(1, 2, 3) called " + this.results.size() + " times through the "
				+ this.quickstart.getBrokerType() + " broker: " + this.results);
	}

	/** The results of the run at startup; empty before it. */
	public List<Integer> getResults() {
		return this.results;
	}

}
