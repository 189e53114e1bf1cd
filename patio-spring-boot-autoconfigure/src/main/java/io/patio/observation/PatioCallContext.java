package io.patio.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.patio.call.CallRequest;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code patio.call} observation: one call sent by a broker, on the
 * caller's side. Its carrier is the call's headers, so that a tracer injects the W3C
 * {@code traceparent} into the request that travels to the worker.
 */
public class PatioCallContext extends SenderContext<Map<String, String>> {

	private final CallRequest request;

	private final String brokerType;

	private volatile Throwable failure;

	private volatile boolean finished;

	/**
	 * @param request the call being sent (its headers are copied into {@code carrier})
	 * @param brokerType the sending broker's type
	 * @param carrier the mutable headers that go out with the call
	 */
	public PatioCallContext(CallRequest request, String brokerType, Map<String, String> carrier) {
		super((headers, key, value) -> {
			if (headers != null) {
				headers.put(key, value);
			}
		}, Kind.CLIENT);
		this.request = request;
		this.brokerType = brokerType;
		setCarrier(carrier);
		setRemoteServiceName("patio");
	}

	public CallRequest getRequest() {
		return this.request;
	}

	/** The task's name. */
	public String getTask() {
		return this.request.task();
	}

	public String getBrokerType() {
		return this.brokerType;
	}

	/** Whether the call has ended; its outcome is known from then on. */
	public boolean isFinished() {
		return this.finished;
	}

	/**
	 * The call's failure, unwrapped, or {@code null} when it succeeded or has not ended.
	 */
	public @Nullable Throwable getFailure() {
		return this.failure;
	}

	/** Records the end of the call. */
	public void finish(Throwable failure) {
		this.failure = failure;
		this.finished = true;
	}

}
