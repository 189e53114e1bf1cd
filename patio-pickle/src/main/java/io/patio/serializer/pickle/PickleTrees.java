package io.patio.serializer.pickle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Jackson trees as plain Java values, for writing: an object as a map, an array as a
 * list, each scalar as the Java value it holds (bytes as {@code byte[]}).
 */
final class PickleTrees {

	private PickleTrees() {
	}

	static Object plain(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isObject()) {
			Map<String, Object> map = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				map.put(entry.getKey(), plain(entry.getValue()));
			}
			return map;
		}
		if (node.isArray()) {
			List<Object> list = new ArrayList<>(node.size());
			for (JsonNode item : node) {
				list.add(plain(item));
			}
			return list;
		}
		if (node.isBinary()) {
			return node.binaryValue();
		}
		if (node.isNumber()) {
			return node.numberValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isPojo()) {
			return ((tools.jackson.databind.node.POJONode) node).getPojo();
		}
		throw new io.patio.serializer.UnsupportedValueException(JsonNode.class, "pickle",
				"Cannot write a JSON " + node.getNodeType() + " node as a pickle", null);
	}

}
