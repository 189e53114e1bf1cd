package io.patio.autoconfigure;

import io.patio.executor.VirtualThreadsUnavailableException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@code patio.executor.type=virtual-threads} on a Java without virtual threads:
 * which Java runs, which it needs, and the two ways out.
 */
class VirtualThreadsUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<VirtualThreadsUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, VirtualThreadsUnavailableException cause) {
		return new FailureAnalysis(
				PatioTypeContribution.EXECUTOR_TYPE + "=" + VirtualThreadsSelectedCondition.VALUE
						+ " runs each call on a virtual thread, and virtual threads need Java "
						+ VirtualThreadsUnavailableException.REQUIRED_JAVA_VERSION
						+ " or later, but the application runs on Java " + cause.getRuntimeVersion() + ".",
				"Run the application on Java " + VirtualThreadsUnavailableException.REQUIRED_JAVA_VERSION
						+ " or later, or set " + PatioTypeContribution.EXECUTOR_TYPE
						+ " to thread-pool (a bounded pool of platform threads, the default).",
				cause);
	}

}
