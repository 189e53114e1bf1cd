package io.patio.executor;

/**
 * The virtual-threads executor was asked for on a Java runtime without virtual threads
 * (before Java 21). It is thrown when the executor is built, so an application that
 * configures it fails at startup rather than at its first call.
 */
public class VirtualThreadsUnavailableException extends UnsupportedOperationException {

	/** The first Java feature release with virtual threads. */
	public static final int REQUIRED_JAVA_VERSION = 21;

	private final int runtimeVersion;

	public VirtualThreadsUnavailableException(int runtimeVersion, Throwable cause) {
		super("The virtual-threads executor needs Java " + REQUIRED_JAVA_VERSION
				+ " or later, for its virtual threads, but this JVM runs Java " + runtimeVersion
				+ ". Run the application on Java " + REQUIRED_JAVA_VERSION
				+ " or later, or choose another executor, such as the thread-pool executor"
				+ " (patio.executor.type=thread-pool)", cause);
		this.runtimeVersion = runtimeVersion;
	}

	/** The feature release of the running JVM, such as 17. */
	public int getRuntimeVersion() {
		return this.runtimeVersion;
	}

}
