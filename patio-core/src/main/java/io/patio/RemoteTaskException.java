package io.patio;

import org.jspecify.annotations.Nullable;

/**
 * A task failed on a remote peer. The remote exception's type is kept as a name only: no
 * class named on the wire is ever loaded or instantiated.
 */
public class RemoteTaskException extends TaskFailedException {

	private final String remoteType;

	private final String remoteMessage;

	public RemoteTaskException(String task, String remoteType, String remoteMessage) {
		super(task, "Task '" + task + "' failed on the remote peer with " + remoteType
				+ ((remoteMessage != null) ? ": " + remoteMessage : ""), null);
		this.remoteType = remoteType;
		this.remoteMessage = remoteMessage;
	}

	/**
	 * The name of the exception type the remote task threw, e.g. a Java class name or
	 * {@code KeyError}.
	 */
	public String getRemoteType() {
		return this.remoteType;
	}

	/** The remote exception's message, or {@code null}. */
	public @Nullable String getRemoteMessage() {
		return this.remoteMessage;
	}

}
