package io.patio.broker.tcp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.patio.BadArgumentsException;
import io.patio.BadRequestException;
import io.patio.ErrorCode;
import io.patio.PatioException;
import io.patio.PayloadTooLargeException;
import io.patio.RejectedCallException;
import io.patio.RemoteTaskException;
import io.patio.ShuttingDownException;
import io.patio.TaskFailedException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;
import io.patio.call.CallRequest;
import io.patio.protocol.ErrorPayload;
import io.patio.protocol.Excerpt;
import tools.jackson.databind.JsonNode;

/** Turns REQUEST and ERROR payloads into calls and exceptions, and back. */
final class WireCalls {

	private WireCalls() {
	}

	/**
	 * The call a REQUEST payload describes, its arguments left as trees for the task's
	 * binder.
	 * @throws BadRequestException when the payload does not have the REQUEST shape
	 */
	static CallRequest toCallRequest(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw badRequest(null, "a REQUEST payload must be an object, not " + describe(node));
		}
		JsonNode func = node.get("func");
		if (func == null || !func.isString() || func.stringValue().isEmpty()) {
			throw badRequest(null, "'func' must be a task name, not " + describe(func));
		}
		String task = func.stringValue();
		Object[] args = new Object[0];
		JsonNode argsNode = node.get("args");
		if (argsNode != null && !argsNode.isNull()) {
			if (!argsNode.isArray()) {
				throw badRequest(task, "'args' must be a list, not " + describe(argsNode));
			}
			args = new Object[argsNode.size()];
			for (int i = 0; i < args.length; i++) {
				args[i] = argsNode.get(i);
			}
		}
		Map<String, Object> kwargs = Map.of();
		JsonNode kwargsNode = node.get("kwargs");
		if (kwargsNode != null && !kwargsNode.isNull()) {
			if (!kwargsNode.isObject()) {
				throw badRequest(task, "'kwargs' must be a map, not " + describe(kwargsNode));
			}
			kwargs = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : kwargsNode.properties()) {
				kwargs.put(entry.getKey(), entry.getValue());
			}
		}
		Duration timeout = null;
		JsonNode timeoutNode = node.get("timeout");
		if (timeoutNode != null && !timeoutNode.isNull()) {
			if (!timeoutNode.isNumber()) {
				throw badRequest(task, "'timeout' must be a number of seconds or null, not " + describe(timeoutNode));
			}
			// a big integer or decimal converts to an infinite double when it is out of
			// range, where the node's own doubleValue() would throw
			double seconds = timeoutNode.numberValue().doubleValue();
			if (!Double.isFinite(seconds)) {
				throw badRequest(task, "'timeout' must be a finite number of seconds (a 64-bit float) or null, not "
						+ Excerpt.of(timeoutNode.numberValue()));
			}
			// an exhausted budget still counts as a budget: the executor answers
			// 'timeout'
			long nanos = (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4.0);
			timeout = Duration.ofNanos(Math.max(nanos, 1));
		}
		Map<String, String> headers = Map.of();
		JsonNode headersNode = node.get("headers");
		if (headersNode != null && !headersNode.isNull()) {
			if (!headersNode.isObject()) {
				throw badRequest(task, "'headers' must be a map of strings, not " + describe(headersNode));
			}
			headers = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : headersNode.properties()) {
				if (!entry.getValue().isString()) {
					throw badRequest(task, "header '" + Excerpt.of(entry.getKey()) + "' must be a string");
				}
				headers.put(entry.getKey(), entry.getValue().stringValue());
			}
		}
		return CallRequest.of(task, args, kwargs, timeout, headers);
	}

	/**
	 * The ERROR payload for a failed call: its wire code, the exception's type name and
	 * message.
	 */
	static ErrorPayload toErrorPayload(Throwable error) {
		Throwable failure = unwrap(error);
		if (failure instanceof RemoteTaskException remote) {
			return new ErrorPayload(ErrorCode.TASK_FAILED.value(), remote.getRemoteType(), remote.getRemoteMessage());
		}
		if (failure instanceof TaskFailedException && failure.getCause() != null) {
			Throwable cause = failure.getCause();
			return new ErrorPayload(ErrorCode.TASK_FAILED.value(), cause.getClass().getName(), cause.getMessage());
		}
		if (failure instanceof PatioException patio && patio.getCode().isWireCode()) {
			return new ErrorPayload(patio.getCode().value(), failure.getClass().getName(), failure.getMessage());
		}
		return new ErrorPayload(ErrorCode.TASK_FAILED.value(), failure.getClass().getName(), failure.getMessage());
	}

	/**
	 * The typed exception for an ERROR payload. The remote type is kept as a name; no
	 * class named on the wire is loaded.
	 */
	static PatioException toException(String task, JsonNode node) {
		return toException(task, errorPayloadOf(node));
	}

	/** The fields of an ERROR payload; those missing or not strings are {@code null}. */
	static ErrorPayload errorPayloadOf(JsonNode node) {
		return new ErrorPayload(text(node, "code"), text(node, "type"), text(node, "message"));
	}

	/**
	 * The typed exception for an ERROR payload. The remote type is kept as a name; no
	 * class named on the wire is loaded.
	 */
	static PatioException toException(String task, ErrorPayload error) {
		String code = error.code();
		String type = error.type();
		String message = error.message();
		ErrorCode errorCode = ErrorCode.fromWire(code);
		String text = (message != null) ? message : "the peer answered '" + code + "' for task '" + task + "'";
		if (errorCode == null) {
			return new RemoteTaskException(task, (type != null) ? type : "unknown", message);
		}
		return switch (errorCode) {
			case UNKNOWN_TASK -> new UnknownTaskException(task, text);
			case BAD_ARGUMENTS -> new BadArgumentsException(task, text);
			case BAD_REQUEST -> new BadRequestException(task, text);
			case TIMEOUT -> new TaskTimeoutException(task, text);
			case REJECTED -> new RejectedCallException(task, text);
			case SHUTTING_DOWN -> new ShuttingDownException(task, text);
			case TOO_LARGE -> new PayloadTooLargeException(task, text);
			default -> new RemoteTaskException(task, (type != null) ? type : "unknown", message);
		};
	}

	static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	private static String text(JsonNode node, String field) {
		if (node == null || !node.isObject()) {
			return null;
		}
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static BadRequestException badRequest(String task, String detail) {
		return new BadRequestException(task, "Bad REQUEST: " + detail);
	}

	private static String describe(JsonNode node) {
		return (node == null) ? "missing" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
	}

}
