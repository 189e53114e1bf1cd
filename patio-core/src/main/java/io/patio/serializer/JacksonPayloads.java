package io.patio.serializer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.patio.BadRequestException;
import tools.jackson.databind.JsonNode;

/**
 * The exact shapes of the call packets, read from a decoded tree: what
 * {@link JacksonSerializer#decodeCall}, {@code decodeArguments} and {@code decodeError}
 * check. Arguments stay trees, bound later by the task's binder.
 */
final class JacksonPayloads {

	private JacksonPayloads() {
	}

	/**
	 * The call a REQUEST tree describes.
	 * @throws BadRequestException when the tree does not have the REQUEST shape, naming
	 * the task when it is known
	 */
	static CallPayload call(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw badRequest(null, "a REQUEST payload must be an object, not " + describe(node));
		}
		return call(node.get("func"), null, node.get("args"), node.get("kwargs"), node.get("timeout"),
				node.get("headers"));
	}

	/**
	 * The call a REQUEST's tree holds, as {@link #call(JsonNode)} reads it; a value the
	 * tree holds but cannot convert is a bad request too.
	 */
	static CallPayload checkedCall(JsonNode node) {
		try {
			return call(node);
		}
		catch (BadRequestException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new BadRequestException(null, "Bad REQUEST: " + Excerpt.of(ex.getMessage()), ex);
		}
	}

	/**
	 * The call of a REQUEST's fields, each {@code null} when missing, checked in the
	 * order and with the errors of {@link #call(JsonNode)}.
	 * @param args the arguments when they were read as a list already, else {@code null}
	 * @param argsNode the {@code args} field when it was not read as a list
	 */
	static CallPayload call(JsonNode func, List<?> args, JsonNode argsNode, JsonNode kwargs, JsonNode timeout,
			JsonNode headers) {
		if (func == null || !func.isString() || func.stringValue().isEmpty()) {
			throw badRequest(null, "'func' must be a task name, not " + describe(func));
		}
		String task = func.stringValue();
		return new CallPayload(task, (args != null) ? args : args(task, argsNode), kwargs(task, kwargs),
				timeout(task, timeout), headers(task, headers));
	}

	/**
	 * The arguments of a message body that carries only them: {@code {"args": [...],
	 * "kwargs": {...}}}, either of them optional.
	 * @throws BadRequestException when the tree has another shape
	 */
	static CallPayload arguments(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw badRequest(null, "arguments must be a map of 'args' and 'kwargs', not " + describe(node));
		}
		return new CallPayload(null, args(null, node.get("args")), kwargs(null, node.get("kwargs")), null, null);
	}

	/**
	 * The ERROR an answer tree holds: a map whose {@code code}, {@code type} and
	 * {@code message} each read as {@code null} when missing or not a string, as peers
	 * have always been read.
	 * @throws SerializationException when the tree is not a map
	 */
	static ErrorPayload error(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw new SerializationException("An ERROR payload must be a map, not " + describe(node), null);
		}
		return new ErrorPayload(text(node, "code"), text(node, "type"), text(node, "message"));
	}

	private static List<?> args(String task, JsonNode argsNode) {
		if (argsNode == null || argsNode.isNull()) {
			return List.of();
		}
		if (!argsNode.isArray()) {
			throw badRequest(task, "'args' must be a list, not " + describe(argsNode));
		}
		JsonNode[] args = new JsonNode[argsNode.size()];
		for (int i = 0; i < args.length; i++) {
			args[i] = argsNode.get(i);
		}
		return Arrays.asList(args);
	}

	private static Map<String, ?> kwargs(String task, JsonNode kwargsNode) {
		if (kwargsNode == null || kwargsNode.isNull()) {
			return Map.of();
		}
		if (!kwargsNode.isObject()) {
			throw badRequest(task, "'kwargs' must be a map, not " + describe(kwargsNode));
		}
		Map<String, JsonNode> kwargs = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : kwargsNode.properties()) {
			kwargs.put(entry.getKey(), entry.getValue());
		}
		return kwargs;
	}

	private static Double timeout(String task, JsonNode timeoutNode) {
		if (timeoutNode == null || timeoutNode.isNull()) {
			return null;
		}
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
		return seconds;
	}

	private static Map<String, String> headers(String task, JsonNode headersNode) {
		if (headersNode == null || headersNode.isNull()) {
			return Map.of();
		}
		if (!headersNode.isObject()) {
			throw badRequest(task, "'headers' must be a map of strings, not " + describe(headersNode));
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : headersNode.properties()) {
			if (!entry.getValue().isString()) {
				throw badRequest(task, "header '" + Excerpt.of(entry.getKey()) + "' must be a string");
			}
			headers.put(entry.getKey(), entry.getValue().stringValue());
		}
		return headers;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	static BadRequestException badRequest(String task, String detail) {
		return new BadRequestException(task, "Bad REQUEST: " + detail);
	}

	static String describe(JsonNode node) {
		return (node == null) ? "missing" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
	}

}
