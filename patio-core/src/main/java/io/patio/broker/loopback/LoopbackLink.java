package io.patio.broker.loopback;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.patio.call.CallRequest;

/**
 * The parent's end of a {@link LoopbackTransport} link to one child process: where the
 * child connects, whether it is ready and with which tasks, and the calls sent to it.
 */
public interface LoopbackLink extends AutoCloseable {

	/** The loopback port the child connects to. */
	int port();

	/**
	 * The task names the child advertised, once it is connected, authenticated and ready
	 * for calls; {@code null} until then and after the link broke.
	 */
	Set<String> readyPeerTasks();

	/**
	 * Sends a call to the child. Never throws: the future fails with a
	 * {@link io.patio.PatioException}, e.g. {@link io.patio.ConnectionLostException} when
	 * the link breaks, {@link io.patio.BadArgumentsException} when an argument cannot be
	 * sent, or the error the child answered.
	 */
	CompletableFuture<Object> forward(CallRequest request);

	/** Closes the listener and the connection at once. */
	@Override
	void close();

}
