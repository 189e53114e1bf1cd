package io.patio.serializer.pickle;

import tools.jackson.databind.JsonNode;

/**
 * The leaves of Jackson trees as plain Java values, for writing (the writer walks objects
 * and arrays itself): each scalar as the Java value it holds (bytes as {@code byte[]}).
 */
final class PickleTrees {

	private PickleTrees() {
	}

	/**
	 * A leaf of a Jackson tree (not an object or array) as the Java value it holds:
	 * {@code null} for a null or missing node, bytes as {@code byte[]}, a POJO node's
	 * value as it is.
	 */
	static Object scalar(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
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
