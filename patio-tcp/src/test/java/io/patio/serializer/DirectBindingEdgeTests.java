package io.patio.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.patio.registry.Registry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * REQUESTs a review found binding differently when a record argument is bound straight
 * from the parser than through trees: a number read as text, and a deserializer of one's
 * own that stops short of its object's end or reads past it. Each must give the task what
 * the tree path gives, value or error.
 */
class DirectBindingEdgeTests {

	private static final Serializer JSON = JsonSerializer.INSTANCE.boundedFor(1 << 20);

	public record Link(URI uri, StringBuilder note, String text) {
	}

	/** Reads the object's first property and returns, leaving the rest of the object. */
	public static class FirstOnly extends ValueDeserializer<StopsShort> {

		@Override
		public StopsShort deserialize(JsonParser parser, DeserializationContext context) {
			parser.nextToken();
			parser.nextToken();
			return new StopsShort(parser.getString());
		}

	}

	@JsonDeserialize(using = FirstOnly.class)
	public record StopsShort(String v) {
	}

	/** Reads its whole object, then one token more. */
	public static class OneTooFar extends ValueDeserializer<ReadsOn> {

		@Override
		public ReadsOn deserialize(JsonParser parser, DeserializationContext context) {
			String v = null;
			while (parser.nextToken() != JsonToken.END_OBJECT) {
				parser.nextToken();
				v = parser.getString();
			}
			parser.nextToken();
			return new ReadsOn(v);
		}

	}

	@JsonDeserialize(using = OneTooFar.class)
	public record ReadsOn(String v) {
	}

	public static class Tasks {

		public String link(Link link) {
			return String.valueOf(link);
		}

		public String shortOne(StopsShort value, Object extra, int n) {
			return value + " " + extra + " " + n;
		}

		public String longOne(ReadsOn value, Object extra, int n) {
			return value + " " + extra + " " + n;
		}

	}

	private static final Registry REGISTRY = new Registry();

	static {
		Tasks tasks = new Tasks();
		REGISTRY.register("link", tasks, "link");
		REGISTRY.register("short", tasks, "shortOne");
		REGISTRY.register("long", tasks, "longOne");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"func\":\"link\",\"args\":[{\"uri\":1e2}]}",
			"{\"func\":\"link\",\"args\":[{\"note\":-0.000}]}", "{\"func\":\"link\",\"args\":[{\"text\":1.50e1}]}",
			"{\"func\":\"link\",\"args\":[{\"uri\":1e2147483648}]}", "{\"func\":\"link\",\"args\":[{\"uri\":\"a:b\"}]}",
			"{\"func\":\"short\",\"args\":[{\"v\":\"a\",\"w\":7},5]}",
			"{\"func\":\"short\",\"args\":[{\"v\":\"a\"},{\"w\":7},5]}",
			"{\"func\":\"long\",\"args\":[{\"v\":\"a\"},{\"w\":7},5]}",
			"{\"func\":\"long\",\"args\":[{\"v\":\"a\"},5]}" })
	void givesTheTasksWhatTheTreePathGives(String request) {
		String tree = outcome(request, ArgumentTypes.NONE);
		assertThat(outcome(request, REGISTRY.argumentTypes())).as(request).isEqualTo(tree);
	}

	private static String outcome(String request, ArgumentTypes types) {
		try {
			CallPayload call = JSON.decodeCall(request.getBytes(StandardCharsets.UTF_8), types);
			Object[] bound = REGISTRY.resolve(call.func()).bind(call.args().toArray(), call.kwargs());
			return Arrays.deepToString(bound);
		}
		catch (RuntimeException ex) {
			return "ERROR " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

}
