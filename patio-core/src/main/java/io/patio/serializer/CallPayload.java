package io.patio.serializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One call as a transport carries it: in a TCP REQUEST {@code {"func": ..., "args":
 * [...], "kwargs": {...}, "timeout": s}}, with {@code headers} only when there are any
 * ({@link Serializer#encodeCall}); in a message body that carries only the arguments,
 * {@code {"args": [...], "kwargs": {...}}} ({@link Serializer#encodeArguments}). Decoded,
 * the arguments are in the serializer's neutral form (JSON trees for JSON and CBOR) for
 * the task's binder, except those a serializer bound as it read them
 * ({@link Serializer#decodeCall(byte[], ArgumentTypes)}). Moved here from
 * {@code io.patio.protocol} (patio-tcp) with the serializer SPI v2.
 *
 * @param func the task's name; {@code null} when decoded from arguments alone
 * @param args positional arguments; never {@code null} when decoded
 * @param kwargs keyword arguments; never {@code null} when decoded
 * @param timeout what is left of the caller's budget, in seconds (finite when decoded),
 * or {@code null} for none
 * @param headers context such as a W3C {@code traceparent}; empty when decoded from a
 * REQUEST without any, {@code null} when decoded from arguments alone
 */
@JsonPropertyOrder({ "func", "args", "kwargs", "timeout", "headers" })
public record CallPayload(String func, List<?> args, Map<String, ?> kwargs,
		@JsonInclude(JsonInclude.Include.ALWAYS) Double timeout,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> headers) {

	/**
	 * The timeout as a budget for {@link io.patio.call.CallRequest}: {@code null} for
	 * none; otherwise at least one nanosecond, since a budget the caller has used up
	 * still counts (the executor answers {@code timeout}), and at most a quarter of
	 * {@link Long#MAX_VALUE} nanoseconds, so that no deadline overflows.
	 */
	public Duration budget() {
		return budgetOf(this.timeout);
	}

	/** A timeout in seconds as a budget, as {@link #budget()} gives it. */
	public static Duration budgetOf(Double timeout) {
		if (timeout == null) {
			return null;
		}
		long nanos = (long) Math.min(timeout * 1e9, Long.MAX_VALUE / 4.0);
		return Duration.ofNanos(Math.max(nanos, 1));
	}

	/**
	 * Whether the call is a task name and positional arguments and nothing else: no
	 * keyword arguments and no headers (empty or missing), the shape that the fast call
	 * writers take.
	 */
	@JsonIgnore
	public boolean hasOnlyPositionalArguments() {
		return this.func != null && this.args != null && (this.kwargs == null || this.kwargs.isEmpty())
				&& (this.headers == null || this.headers.isEmpty());
	}

}
