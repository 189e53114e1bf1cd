package io.patio.protocol;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The payload of a REQUEST: {@code {"func": ..., "args": [...], "kwargs": {...},
 * "timeout": s}}, with {@code headers} only when there are any.
 *
 * @param func the task's name
 * @param args positional arguments
 * @param kwargs keyword arguments
 * @param timeout what is left of the caller's budget, in seconds, or {@code null}
 * @param headers context such as a W3C {@code traceparent}
 */
@JsonPropertyOrder({ "func", "args", "kwargs", "timeout", "headers" })
public record CallPayload(String func, List<?> args, Map<String, ?> kwargs,
		@JsonInclude(JsonInclude.Include.ALWAYS) Double timeout,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> headers) {

}
