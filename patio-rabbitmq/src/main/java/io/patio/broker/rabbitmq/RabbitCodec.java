package io.patio.broker.rabbitmq;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.patio.BadArgumentsException;
import io.patio.BadRequestException;
import io.patio.ConnectionLostException;
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
import io.patio.serializer.Serializer;
import tools.jackson.databind.JsonNode;

/**
 * The glue between message bodies and calls: arguments, results and errors in the format
 * a message's {@code content_type} names. It is the one place that knows how the
 * serializers encode these shapes; the serializer SPI v2 ({@code encodeArguments},
 * {@code encodeError} and their decoders) replaces its insides.
 * <p>
 * Bodies: a call is {@code {"args": [...], "kwargs": {...}}}; a result is the value; an
 * error is {@code {"code", "type", "message"}}, as on TCP. A worker's refusal of a
 * redelivered call carries the code {@value #CONNECTION_LOST}, which a Java caller reads
 * as {@link ConnectionLostException}.
 */
final class RabbitCodec {

	/** The error code of a redelivered call a worker refused to run again. */
	static final String CONNECTION_LOST = "connection-lost";

	private final Serializer serializer;

	private final String contentType;

	private RabbitCodec(Serializer serializer) {
		this.serializer = serializer;
		this.contentType = contentTypeOf(serializer.getName());
	}

	/**
	 * The codec of a serializer by name.
	 * @throws IllegalArgumentException when no serializer of that name is on the class
	 * path
	 */
	static RabbitCodec named(String name) {
		return new RabbitCodec(Serializer.forName(name));
	}

	/**
	 * The codec for a message's content type, or {@code null} when this JVM cannot read
	 * it (an unknown type, or pickle without its module).
	 */
	static RabbitCodec forContentType(String contentType) {
		if (contentType == null) {
			return null;
		}
		String type = contentType.toLowerCase(Locale.ROOT).trim();
		String name = switch (type) {
			case "application/json" -> "json";
			case "application/python-pickle" -> "pickle";
			case "application/cbor" -> "cbor";
			default -> null;
		};
		if (name == null) {
			return null;
		}
		try {
			return named(name);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static String contentTypeOf(String serializerName) {
		return switch (serializerName.toLowerCase(Locale.ROOT)) {
			case "json" -> "application/json";
			case "pickle" -> "application/python-pickle";
			case "cbor" -> "application/cbor";
			default -> "application/x-patio-" + serializerName;
		};
	}

	String getContentType() {
		return this.contentType;
	}

	String getName() {
		return this.serializer.getName();
	}

	/** A call's body: its arguments only; the task is the routing key. */
	byte[] encodeArguments(Object[] args, Map<String, ?> kwargs) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("args", Arrays.asList(args));
		body.put("kwargs", (kwargs != null) ? kwargs : Map.of());
		return this.serializer.encode(body);
	}

	/**
	 * The call a body describes, its arguments left as trees for the task's binder.
	 * @throws BadRequestException when the body does not decode or has another shape
	 */
	CallRequest decodeArguments(String task, byte[] body, Duration timeout, Map<String, String> headers) {
		JsonNode node;
		try {
			node = this.serializer.decode(body);
		}
		catch (RuntimeException ex) {
			throw new BadRequestException(task, "The body of the call to task '" + task + "' is not valid "
					+ this.serializer.getName() + ": " + ex.getMessage(), ex);
		}
		if (node == null || !node.isObject()) {
			throw new BadRequestException(task, "The body of the call to task '" + task
					+ "' must be a map of 'args' and 'kwargs', not " + describe(node));
		}
		Object[] args = new Object[0];
		JsonNode argsNode = node.get("args");
		if (argsNode != null && !argsNode.isNull()) {
			if (!argsNode.isArray()) {
				throw new BadRequestException(task, "'args' must be a list, not " + describe(argsNode));
			}
			args = new Object[argsNode.size()];
			for (int i = 0; i < args.length; i++) {
				args[i] = argsNode.get(i);
			}
		}
		Map<String, Object> kwargs = new LinkedHashMap<>();
		JsonNode kwargsNode = node.get("kwargs");
		if (kwargsNode != null && !kwargsNode.isNull()) {
			if (!kwargsNode.isObject()) {
				throw new BadRequestException(task, "'kwargs' must be a map, not " + describe(kwargsNode));
			}
			for (Map.Entry<String, JsonNode> entry : kwargsNode.properties()) {
				kwargs.put(entry.getKey(), entry.getValue());
			}
		}
		return CallRequest.of(task, args, kwargs, timeout, headers);
	}

	byte[] encodeResult(Object result) {
		return this.serializer.encode(result);
	}

	/** A result as the wire's neutral form, which the caller's converter binds. */
	Object decodeResult(byte[] body) {
		return this.serializer.decode(body);
	}

	/** An error body for a failed call. */
	byte[] encodeError(Throwable error) {
		Throwable failure = unwrap(error);
		String code;
		String type;
		String message;
		if (failure instanceof RemoteTaskException remote) {
			code = ErrorCode.TASK_FAILED.value();
			type = remote.getRemoteType();
			message = remote.getRemoteMessage();
		}
		else if (failure instanceof TaskFailedException && failure.getCause() != null) {
			code = ErrorCode.TASK_FAILED.value();
			type = failure.getCause().getClass().getName();
			message = failure.getCause().getMessage();
		}
		else if (failure instanceof ConnectionLostException) {
			code = CONNECTION_LOST;
			type = failure.getClass().getName();
			message = failure.getMessage();
		}
		else if (failure instanceof PatioException patio && patio.getCode().isWireCode()) {
			code = patio.getCode().value();
			type = failure.getClass().getName();
			message = failure.getMessage();
		}
		else {
			code = ErrorCode.TASK_FAILED.value();
			type = failure.getClass().getName();
			message = failure.getMessage();
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", code);
		body.put("type", type);
		body.put("message", message);
		return this.serializer.encode(body);
	}

	/**
	 * The typed exception an error body describes; no class named in it is loaded.
	 */
	PatioException decodeError(String task, byte[] body) {
		JsonNode node;
		try {
			node = this.serializer.decode(body);
		}
		catch (RuntimeException ex) {
			return new RemoteTaskException(task, "unknown", "an error reply that does not decode: " + ex.getMessage());
		}
		String code = text(node, "code");
		String type = text(node, "type");
		String message = text(node, "message");
		String text = (message != null) ? message : "the worker answered '" + code + "' for task '" + task + "'";
		if (CONNECTION_LOST.equals(code)) {
			return new ConnectionLostException(task, text);
		}
		ErrorCode errorCode = ErrorCode.fromWire(code);
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

	private static String describe(JsonNode node) {
		return (node == null) ? "nothing" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
	}

}
