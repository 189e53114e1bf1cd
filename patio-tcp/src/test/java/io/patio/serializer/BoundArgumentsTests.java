package io.patio.serializer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import io.patio.registry.Registry;
import io.patio.registry.TaskDefinition;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REQUEST whose object arguments are bound as it is read
 * ({@link Serializer#decodeCall(byte[], ArgumentTypes)} with a registry's types) against
 * the usual path, trees bound by the task's binder: for every REQUEST both give the same
 * bound arguments, or the same error. The arguments are the objects of
 * {@link DirectBindingTests}, with keys dropped, repeated and unknown, in envelopes that
 * name the task before or after them, twice, or not at all.
 */
class BoundArgumentsTests {

	private static final Serializer JSON = JsonSerializer.INSTANCE.boundedFor(1 << 20);

	/** The tasks: {@code take} binds a record first; {@code loose} takes anything. */
	public static class Tasks {

		public String take(DirectBindingTests.Line line, int n) {
			return line + " " + n;
		}

		public String loose(Object line, int n) {
			return line + " " + n;
		}

	}

	private static final Registry REGISTRY = new Registry();

	static {
		REGISTRY.register("take", new Tasks(), "take");
		REGISTRY.register("loose", new Tasks(), "loose");
	}

	private static final List<String> ENVELOPES = List.of("{\"func\":\"take\",\"args\":[%s,3]}",
			"{\"func\":\"take\",\"args\":[%s,3],\"kwargs\":{},\"timeout\":null}", "{\"func\":\"take\",\"args\":[%s]}",
			"{\"func\":\"take\",\"args\":[%s,3],\"func\":\"loose\"}",
			"{\"func\":\"loose\",\"args\":[%s,3],\"func\":\"take\"}", "{\"args\":[%s,3],\"func\":\"take\"}",
			"{\"func\":\"take\",\"args\":[3,%s]}", "{\"func\":\"take\",\"args\":[%s,3],\"args\":[{},3]}",
			"{\"func\":\"take\",\"args\":[%s],\"kwargs\":{\"n\":4}}", "{\"func\":\"take\",\"args\":[%s,3.5]}",
			"{\"func\":\"take\",\"args\":[%s,3],\"timeout\":\"x\"}", "{\"func\":\"take\",\"args\":[%s,3]} 1",
			"{\"func\":\"take\",\"args\":[%s,3],\"zz\":{\"a\":1,\"a\":2}}", "{\"func\":\"nobody\",\"args\":[%s,3]}");

	@Provide
	Arbitrary<String> requests() {
		// the plain envelope most often, for arguments that do bind
		return Arbitraries
			.frequencyOf(Tuple.of(ENVELOPES.size(), Arbitraries.just(ENVELOPES.get(0))),
					Tuple.of(ENVELOPES.size(), Arbitraries.of(ENVELOPES)))
			.flatMap((envelope) -> DirectBindingTests.lineObjects().map((line) -> envelope.formatted(line)));
	}

	/** The call's arguments bound to its task's parameters, or the error, as text. */
	private static Object outcome(byte[] request, ArgumentTypes types) {
		try {
			CallPayload call = JSON.decodeCall(request, types);
			TaskDefinition task = REGISTRY.resolve(call.func());
			return Arrays.asList(task.bind(call.args().toArray(), call.kwargs()));
		}
		catch (RuntimeException ex) {
			return ex.getClass().getName() + ": " + ex.getMessage();
		}
	}

	@Property(tries = 4000)
	void argumentsBoundAsTheRequestIsReadAreWhatTheTreesBindTo(@ForAll("requests") String text) {
		byte[] request = text.getBytes(StandardCharsets.UTF_8);
		Statistics.collect(boundAsRead(request) ? "bound as read" : "trees");
		Statistics.coverage((coverage) -> coverage.check("bound as read").percentage((percent) -> percent > 5));
		assertThat(outcome(request, REGISTRY.argumentTypes())).as(text).isEqualTo(outcome(request, ArgumentTypes.NONE));
	}

	private static boolean boundAsRead(byte[] request) {
		try {
			List<?> args = JSON.decodeCall(request, REGISTRY.argumentTypes()).args();
			return !args.isEmpty() && args.get(0) instanceof DirectBindingTests.Line;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Test
	void onlyAnObjectForARecordParameterOfTheTaskNamedFirstIsBound() {
		String line = "{\"sku\":\"x\",\"qty\":2,\"price\":9.90,\"id\":3,\"ratio\":0.5}";
		List<?> bound = JSON
			.decodeCall(("{\"func\":\"take\",\"args\":[" + line + ",3]}").getBytes(StandardCharsets.UTF_8),
					REGISTRY.argumentTypes())
			.args();
		assertThat(bound.get(0)).isInstanceOf(DirectBindingTests.Line.class);
		assertThat(bound.get(1)).isInstanceOf(JsonNode.class);
		for (String request : new String[] { "{\"args\":[" + line + ",3],\"func\":\"take\"}",
				"{ \"func\":\"take\",\"args\":[" + line + ",3]}", "{\"func\":\"t\\u0061ke\",\"args\":[" + line + ",3]}",
				"{\"func\":\"loose\",\"args\":[" + line + ",3]}",
				"{\"func\":\"take\",\"args\":[{\"qty\":1,\"qty\":2},3]}" }) {
			assertThat(
					JSON.decodeCall(request.getBytes(StandardCharsets.UTF_8), REGISTRY.argumentTypes()).args().get(0))
				.as(request)
				.isInstanceOf(JsonNode.class);
		}
		assertThat(io.patio.serializer.cbor.CborSerializer.INSTANCE
			.decodeCall(
					io.patio.serializer.cbor.CborSerializer.INSTANCE
						.encodeCall(new CallPayload("take", List.of(Map.of("sku", "x")), Map.of(), null, null)),
					REGISTRY.argumentTypes())
			.args()
			.get(0)).as("CBOR does not bind as it reads").isInstanceOf(JsonNode.class);
	}

}
