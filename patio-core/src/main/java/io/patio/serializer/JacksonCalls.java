package io.patio.serializer;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * The call packets on the hot path, read and written as token streams instead of through
 * a whole tree or a bean serializer. They mean exactly what {@link JacksonPayloads} reads
 * from a tree and what the mapper writes for a {@link CallPayload} record, byte for byte:
 * <ul>
 * <li>Reading, the REQUEST's own object is walked token by token; an argument that is a
 * string, an integer, a boolean or {@code null} becomes the node the tree reader would
 * have made, a float timeout is parsed once as the {@code double} the tree's decimal
 * would become, and anything else (a float argument, an object, a list, bytes) is read as
 * a tree by the same mapper from the same parser, so under the same bounds. The
 * envelope's fields are then checked by {@link JacksonPayloads} in the same order as for
 * a tree, so a bad REQUEST fails with the same message.</li>
 * <li>Writing, the envelope and the arguments that are strings, ints, longs, booleans and
 * {@code null} are written straight to the generator; any other argument, the keyword
 * arguments and the headers go through the mapper, as before.</li>
 * </ul>
 */
final class JacksonCalls {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private JacksonCalls() {
	}

	/**
	 * A reader of the values inside a REQUEST for {@code mapper}: its trees, with nothing
	 * to check after each value.
	 */
	static ObjectReader subtrees(ObjectMapper mapper) {
		return mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	/**
	 * Reads a REQUEST from {@code parser}, which is before its first token, reading the
	 * values that are not plain with {@code subtrees} ({@link #subtrees}) and anything
	 * else with {@code reader}.
	 * @throws tools.jackson.core.JacksonException when the payload is not well formed
	 * @throws io.patio.BadRequestException when it does not have the REQUEST shape
	 */
	static CallPayload read(ObjectMapper reader, ObjectReader subtrees, JsonParser parser) {
		return read(reader, subtrees, parser, ArgumentTypes.NONE, null);
	}

	/**
	 * Reads a REQUEST as {@link #read(ObjectMapper, ObjectReader, JsonParser)} does,
	 * binding each positional argument that is an object, in a REQUEST that names its
	 * task before its arguments, to the type {@code types} gives for it, through
	 * {@code objects} ({@code null} for none). The parser must refuse a repeated key, so
	 * that the task cannot change once its arguments are bound.
	 * @throws RuntimeException whatever binding or parsing threw; the caller then reads
	 * the REQUEST again without the types, for its value or its error
	 */
	static CallPayload read(ObjectMapper reader, ObjectReader subtrees, JsonParser parser, ArgumentTypes types,
			ObjectArguments objects) {
		JsonToken first = parser.nextToken();
		if (first != JsonToken.START_OBJECT) {
			// not an object: the tree reader's node, and the tree's message
			JsonNode node = (first == null) ? NullNode.getInstance() : reader.readValue(parser, JsonNode.class);
			return JacksonPayloads.call(node);
		}
		// the envelope's fields as the tree would hold them (the last of a repeated name
		// wins), args as its elements when it is a list
		JsonNode func = null;
		JsonNode argsNode = null;
		List<Object> args = null;
		JsonNode kwargs = null;
		JsonNode timeout = null;
		JsonNode headers = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			if (name.equals("args") && token == JsonToken.START_ARRAY) {
				args = (objects != null && func != null && func.isString())
						? readArgs(subtrees, parser, types, func.stringValue(), objects) : readArgs(subtrees, parser);
				argsNode = null;
			}
			else if (name.equals("timeout") && token == JsonToken.VALUE_NUMBER_FLOAT) {
				timeout = seconds(subtrees, parser);
			}
			else {
				JsonNode value = scalar(parser, token);
				if (value == null) {
					// read as the tree reads it, under the same bounds, even when unused
					value = subtrees.readValue(parser);
				}
				switch (name) {
					case "func" -> func = value;
					case "args" -> {
						argsNode = value;
						args = null;
					}
					case "kwargs" -> kwargs = value;
					case "timeout" -> timeout = value;
					case "headers" -> headers = value;
					default -> {
						// not part of a REQUEST: ignored, as the tree's reader ignores it
					}
				}
			}
		}
		JsonToken trailing = parser.nextToken();
		if (trailing != null) {
			// as the tree reader refuses it, in its words
			throw new SerializationException(trailingToken(trailing), null);
		}
		return JacksonPayloads.call(func, args, argsNode, kwargs, timeout, headers);
	}

	private static List<Object> readArgs(ObjectReader subtrees, JsonParser parser) {
		List<Object> args = new ArrayList<>(4);
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			JsonNode value = scalar(parser, token);
			args.add((value != null) ? value : subtrees.<JsonNode>readValue(parser));
		}
		return args;
	}

	/**
	 * Reads the arguments, binding each object that {@code types} gives a type for in
	 * {@code task} straight from the parser ({@link ObjectArguments}).
	 */
	private static List<Object> readArgs(ObjectReader subtrees, JsonParser parser, ArgumentTypes types, String task,
			ObjectArguments objects) {
		List<Object> args = new ArrayList<>(4);
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			JavaType type = (token == JsonToken.START_OBJECT) ? types.positional(task, args.size()) : null;
			if (type != null) {
				args.add(objects.read(type));
			}
			else {
				JsonNode value = scalar(parser, token);
				args.add((value != null) ? value : subtrees.<JsonNode>readValue(parser));
			}
		}
		return args;
	}

	/**
	 * A float timeout as a {@code double}, which is what {@link JacksonPayloads} makes of
	 * it: parsed once, correctly rounded, where the exact decimal the tree holds would be
	 * parsed and then rounded. A timeout beyond a {@code double}'s range is read as the
	 * tree reads it, so that its error quotes it as before.
	 */
	private static JsonNode seconds(ObjectReader subtrees, JsonParser parser) {
		double seconds = parser.getDoubleValue();
		return Double.isFinite(seconds) ? NODES.numberNode(seconds) : subtrees.<JsonNode>readValue(parser);
	}

	/** What the tree reader says of a token after the payload's value. */
	static String trailingToken(JsonToken trailing) {
		return "Trailing token (`JsonToken." + trailing.name() + "`) found after value (bound as `"
				+ JsonNode.class.getName() + "`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`";
	}

	/**
	 * The node the tree reader makes of a string, an integer, a boolean or a null, or
	 * {@code null} for any other token.
	 */
	static JsonNode scalar(JsonParser parser, JsonToken token) {
		return switch (token) {
			case VALUE_STRING -> NODES.stringNode(parser.getString());
			case VALUE_TRUE -> BooleanNode.TRUE;
			case VALUE_FALSE -> BooleanNode.FALSE;
			case VALUE_NULL -> NullNode.getInstance();
			case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
				case INT -> NODES.numberNode(parser.getIntValue());
				case LONG -> NODES.numberNode(parser.getLongValue());
				default -> null;
			};
			default -> null;
		};
	}

	/** Writes {@code call} as the mapper writes the {@link CallPayload} record. */
	static void write(JsonGenerator generator, CallPayload call) {
		generator.writeStartObject(call);
		generator.writeName("func");
		if (call.func() == null) {
			generator.writeNull();
		}
		else {
			generator.writeString(call.func());
		}
		generator.writeName("args");
		List<?> args = call.args();
		if (args == null) {
			generator.writeNull();
		}
		else {
			generator.writeStartArray(args, args.size());
			int index = 0;
			for (Object arg : args) {
				try {
					writeValue(generator, arg);
				}
				catch (JacksonException ex) {
					// where in the call, as the mapper's path for the record says it
					ex.prependPath(args, index);
					ex.prependPath(call, "args");
					throw ex;
				}
				index++;
			}
			generator.writeEndArray();
		}
		generator.writeName("kwargs");
		try {
			generator.writePOJO(call.kwargs());
		}
		catch (JacksonException ex) {
			ex.prependPath(call, "kwargs");
			throw ex;
		}
		generator.writeName("timeout");
		if (call.timeout() == null) {
			generator.writeNull();
		}
		else {
			generator.writeNumber(call.timeout().doubleValue());
		}
		if (call.headers() != null && !call.headers().isEmpty()) {
			generator.writeName("headers");
			generator.writePOJO(call.headers());
		}
		generator.writeEndObject();
	}

	private static void writeValue(JsonGenerator generator, Object value) {
		if (value == null) {
			generator.writeNull();
		}
		else if (value.getClass() == String.class) {
			generator.writeString((String) value);
		}
		else if (value.getClass() == Integer.class) {
			generator.writeNumber((Integer) value);
		}
		else if (value.getClass() == Long.class) {
			generator.writeNumber((Long) value);
		}
		else if (value.getClass() == Boolean.class) {
			generator.writeBoolean((Boolean) value);
		}
		else {
			generator.writePOJO(value);
		}
	}

}
