package io.patio.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.patio.call.CallRequest;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code patio.task.execution} observation: one call run by an executor,
 * on the worker's side. Its carrier is the call's headers, so that a tracer continues the
 * caller's trace from the W3C {@code traceparent} they hold.
 */
public class PatioExecutionContext extends ReceiverContext<Map<String, String>> {

	private final CallRequest request;

	private final String brokerType;

	private final String executorType;

	private volatile Throwable failure;

	private volatile boolean finished;

	/**
	 * @param request the call to run
	 * @param brokerType the type of the broker that delivers calls to this executor
	 * @param executorType the executor's type
	 */
	public PatioExecutionContext(CallRequest request, String brokerType, String executorType) {
		super((headers, key) -> (headers != null) ? headers.get(key) : null, Kind.SERVER);
		this.request = request;
		this.brokerType = brokerType;
		this.executorType = executorType;
		setCarrier(request.headers());
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

	public String getExecutorType() {
		return this.executorType;
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
