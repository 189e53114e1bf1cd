package io.patio.serializer;

import tools.jackson.databind.JsonNode;

/**
 * The values of the tree nodes that bind to a plain Java type with no mapper: an
 * {@code int} node to an {@link Integer} or a {@link Long}, a {@code long} node to a
 * {@link Long}, a string to a {@link String}, a boolean to a {@link Boolean}. Each is
 * exactly what the protocol's strict mapper makes of that node for that type; every other
 * pair is left to the mapper, whose errors stay as they are.
 */
public final class PlainNodes {

	private PlainNodes() {
	}

	/**
	 * The value of {@code node} as {@code type} (a boxed type), or {@code null} when the
	 * mapper has to convert it.
	 */
	public static Object valueOf(JsonNode node, Class<?> type) {
		if (type == Integer.class) {
			return node.isInt() ? node.intValue() : null;
		}
		if (type == Long.class) {
			return (node.isInt() || node.isLong()) ? node.longValue() : null;
		}
		if (type == String.class) {
			return node.isString() ? node.stringValue() : null;
		}
		if (type == Boolean.class) {
			return node.isBoolean() ? node.booleanValue() : null;
		}
		return null;
	}

}
