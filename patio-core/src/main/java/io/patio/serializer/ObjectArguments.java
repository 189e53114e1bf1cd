package io.patio.serializer;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * The object arguments of one REQUEST that {@link JacksonCalls} finds where the task's
 * {@link ArgumentTypes} name a type, each bound straight from the REQUEST's parser, with
 * no tree in between, by the binders of {@link DirectBinding} through the format's
 * binding view of that parser. Whatever does not bind so throws, and the REQUEST is then
 * read again with its arguments as trees, so that binding them later gives the value or
 * the error the tree gives.
 * <p>
 * One difference is deliberate: a property the class ignores is skipped unread, so a
 * number in it that no {@code BigDecimal} holds (an exponent past 2<sup>31</sup>), which
 * makes the tree refuse the whole REQUEST, is not looked at; no value the task sees
 * differs.
 */
final class ObjectArguments {

	private final DirectBinding binding;

	private final JsonParser view;

	/**
	 * @param binding the binders of the REQUEST's reader
	 * @param view the REQUEST's parser as the format binds from it
	 */
	ObjectArguments(DirectBinding binding, JsonParser view) {
		this.binding = binding;
		this.view = view;
	}

	/**
	 * Reads a REQUEST with its object arguments bound to the types {@code types} gives
	 * for them, through {@code format}'s views of a parser that refuses a repeated key.
	 * @return the call, or {@code null} when it does not read so (a repeated key, an
	 * argument that does not bind straight, a bad REQUEST), and the caller then reads it
	 * with trees, for the tree's value or its error
	 */
	static CallPayload read(JacksonSerializer format, ObjectMapper reader, ObjectReader subtrees, DirectBinding binding,
			byte[] data, ArgumentTypes types) {
		String task = leadingTask(data);
		if (task == null || !types.bindsAny(task)) {
			// nothing to bind: no strict parser, no second reading
			return null;
		}
		try (JsonParser raw = binding.strictParser(data)) {
			return JacksonCalls.read(reader, subtrees, format.readingView(raw), types,
					new ObjectArguments(binding, format.bindingView(raw)));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static final byte[] FUNC_FIRST = "{\"func\":\"".getBytes(StandardCharsets.US_ASCII);

	/** The longest task name looked for at the head of a REQUEST. */
	private static final int MAX_LEADING_TASK = 256;

	/**
	 * The task a REQUEST names first, in the form patio's writers give it
	 * ({@code {"func":"name"}, a name with nothing escaped), or {@code null}: a REQUEST
	 * in another form is read with trees, as before.
	 */
	static String leadingTask(byte[] data) {
		int from = FUNC_FIRST.length;
		if (data.length <= from || !java.util.Arrays.equals(data, 0, from, FUNC_FIRST, 0, from)) {
			return null;
		}
		int end = Math.min(data.length, from + MAX_LEADING_TASK);
		for (int at = from; at < end; at++) {
			if (data[at] == '"') {
				return new String(data, from, at - from, StandardCharsets.UTF_8);
			}
			if (data[at] == '\\') {
				return null;
			}
		}
		return null;
	}

	/**
	 * The object at the parser's {@code START_OBJECT}, bound to {@code type}; the parser
	 * is then at its {@code END_OBJECT}.
	 * @throws RuntimeException when it does not bind
	 */
	Object read(JavaType type) {
		int depth = this.view.streamReadContext().getNestingDepth();
		Object value = this.binding.binderOf(type).readValue(this.view);
		if (value == null) {
			throw new IllegalStateException("No value bound");
		}
		// The binder does not check for trailing tokens (more arguments follow), so check
		// here that it stopped at its object's end: a deserializer of one's own that
		// stops short, or reads on, would turn what is left into other arguments.
		JsonToken last = (this.view.currentToken() != null) ? this.view.currentToken()
				: this.view.getLastClearedToken();
		if (last != JsonToken.END_OBJECT || this.view.streamReadContext().getNestingDepth() != depth - 1) {
			throw new IllegalStateException("The argument's binding did not end at its object's end");
		}
		return value;
	}

}
