package io.patio.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.patio.BadRequestException;
import io.patio.serializer.cbor.CborSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The streamed reading and writing of call packets ({@link JacksonCalls}) against the
 * tree and the record they replace: for JSON and CBOR, the same bytes out, and for every
 * payload in, well formed or mutated, the same call or the same error.
 */
class StreamedCallsTests {

	private static final int MUTANTS = 6_000;

	private static final int MAX_FRAME = 64 * 1024;

	/** JSON's own characters, for mutants that stay close to JSON. */
	private static final String SYNTAX = "{}[]\",:0-e.tfn\\ ";

	record Order(String id, int quantity, BigDecimal price, List<String> tags) {
	}

	private static List<CallPayload> calls() {
		Map<String, Object> kwargs = new LinkedHashMap<>();
		kwargs.put("b", 2);
		kwargs.put("name", "ünïcode ☃ \"quoted\"\n");
		Map<String, String> headers = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		Order order = new Order("o-1", 3, new BigDecimal("19.990"), List.of("a", "b"));
		return List.of(new CallPayload("mul", Arrays.asList(6, 7), Map.of(), null, null),
				new CallPayload("mul", Arrays.asList(6, 7), Map.of(), 59.999987, Map.of()),
				new CallPayload("f", Arrays.asList(Long.MAX_VALUE, Integer.MIN_VALUE, -0L, true, false, null, ""),
						kwargs, 0.0001, headers),
				new CallPayload("g",
						Arrays.asList(new BigInteger("123456789012345678901234567890"), new BigDecimal("0.1"), 1.5d,
								-0.0d, 2.5f, (short) 3, (byte) 4, 'c',
								UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
						Map.of(), 5.0, null),
				new CallPayload("h",
						Arrays.asList(new byte[] { 0, 1, (byte) 255 }, List.of(1, List.of(2, 3)),
								Map.of("k", List.of()), order, new int[] { 1, 2 }),
						Map.of("o", order), 1e-9, null),
				new CallPayload("empty", List.of(), Map.of(), 3600.0, null),
				new CallPayload("nulls", null, null, null, null));
	}

	@Test
	void jsonWritesTheRecordsBytes() {
		writesTheRecordsBytes(JsonSerializer.INSTANCE, WireMapper.json());
	}

	@Test
	void cborWritesTheRecordsBytes() {
		writesTheRecordsBytes(CborSerializer.INSTANCE, CborSerializer.mapper());
	}

	private void writesTheRecordsBytes(Serializer serializer, ObjectMapper mapper) {
		for (CallPayload call : calls()) {
			assertThat(serializer.encodeCall(call)).as(call.func()).isEqualTo(mapper.writeValueAsBytes(call));
		}
	}

	@Test
	void plainResultsAreWrittenAsTheMapperWritesThem() {
		Random random = new Random();
		List<Object> values = new ArrayList<>(Arrays.asList(null, true, false, 0, -1, Integer.MIN_VALUE,
				Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0L, 23, 24, 255, 256, 65_535, 65_536, -24, -25, -256,
				-257, -65_536, -65_537, 4_294_967_295L, 4_294_967_296L, -4_294_967_296L, -4_294_967_297L));
		for (int i = 0; i < 1_000; i++) {
			values.add(random.nextInt());
			values.add(random.nextLong());
		}
		for (Object value : values) {
			assertThat(JsonSerializer.INSTANCE.encode(value)).as(String.valueOf(value))
				.isEqualTo(WireMapper.json().writeValueAsBytes(value));
			assertThat(CborSerializer.INSTANCE.encode(value)).as(String.valueOf(value))
				.isEqualTo(CborSerializer.mapper().writeValueAsBytes(value));
		}
	}

	@Test
	void anArgumentOutsideTheWireTypesIsStillRefused() {
		CallPayload call = new CallPayload("t", List.of(1, Thread.currentThread()), Map.of(), null, null);
		for (Serializer serializer : List.of(JsonSerializer.INSTANCE, CborSerializer.INSTANCE)) {
			assertThatThrownBy(() -> serializer.encodeCall(call)).isInstanceOf(UnsupportedValueException.class)
				.hasMessageContaining("java.lang.Thread");
		}
	}

	@Test
	void jsonReadsWhatTheTreeReads() {
		List<byte[]> seeds = new ArrayList<>();
		for (CallPayload call : calls()) {
			seeds.add(JsonSerializer.INSTANCE.encodeCall(call));
		}
		for (String text : List.of("{\"func\":\"mul\",\"args\":[6,7],\"kwargs\":{},\"timeout\":null}",
				"{\"func\":\"a\",\"args\":[1],\"args\":\"x\"}", "{\"func\":\"a\",\"args\":\"x\",\"args\":[1]}",
				"{\"func\":\"a\",\"func\":\"b\",\"args\":[1.0,-0.0,1e400,12345678901234567890]}", "{\"args\":[1]}",
				"{\"func\":\"\"}", "{\"func\":1}", "[1,2]", "\"mul\"", "", "null", "{}",
				"{\"func\":\"a\",\"kwargs\":[],\"timeout\":\"1\"}", "{\"func\":\"a\",\"timeout\":1e999}",
				"{\"func\":\"a\",\"headers\":{\"h\":1}}", "{\"func\":\"a\",\"args\":[{\"x\":[1,{}]}]} trailing",
				"{\"func\":\"a\",\"args\":[1,]}", "{\"func\":\"a\",\"unknown\":{\"deep\":[[[]]]},\"args\":[true]}",
				"{\"func\":\"a\",\"args\":[\"\\u00e9\\ud83d\\ude00\"]}")) {
			seeds.add(text.getBytes(StandardCharsets.UTF_8));
		}
		readsWhatTheTreeReads((JacksonSerializer) JsonSerializer.INSTANCE, seeds);
	}

	@Test
	void cborReadsWhatTheTreeReads() {
		List<byte[]> seeds = new ArrayList<>();
		for (CallPayload call : calls()) {
			seeds.add(CborSerializer.INSTANCE.encodeCall(call));
		}
		seeds.add(CborSerializer.mapper().writeValueAsBytes(List.of(1, 2)));
		seeds.add(CborSerializer.mapper().writeValueAsBytes(Map.of("func", "a", "args", "x")));
		seeds.add(new byte[0]);
		readsWhatTheTreeReads(CborSerializer.INSTANCE, seeds);
	}

	@Test
	void jsonDecodesAnswersAsTheTreeDid() {
		List<byte[]> seeds = new ArrayList<>();
		for (String text : List.of("42", "-7", "9223372036854775807", "123456789012345678901234567890", "\"s\"",
				"\"\\u00e9\"", "true", "false", "null", "1.5", "-0.0", "4e999", "[1,{\"a\":[]}]", "{}", "42 43", "42 x",
				"\"s\" \"t\"", "", " ", "{\"code\":\"x\",\"type\":\"t\",\"message\":\"m\"}", "0", "-0", "00", "-",
				"2147483647", "2147483648", "-2147483648", "-2147483649", "999999999999999999", "-999999999999999999",
				"1234567890123456789", "-9223372036854775808", " 42", "42 ", "+1", "1e3", "truex", "nul")) {
			seeds.add(text.getBytes(StandardCharsets.UTF_8));
		}
		decodesAsTheTreeDid(JsonSerializer.INSTANCE, seeds, (reader, data) -> {
			try (tools.jackson.core.JsonParser parser = JsonNumbers.exact(reader.createParser(data))) {
				return (parser.nextToken() == null) ? tools.jackson.databind.node.NullNode.getInstance()
						: reader.readValue(parser, tools.jackson.databind.JsonNode.class);
			}
		});
	}

	@Test
	void cborDecodesAnswersAsTheTreeDid() {
		List<byte[]> seeds = new ArrayList<>();
		for (Object value : Arrays.asList(42, -7L, Long.MAX_VALUE, new BigInteger("123456789012345678901234567890"),
				"s", true, false, null, 1.5, new byte[] { 1, 2 }, List.of(1, Map.of("a", List.of())), Map.of(), 0, 23,
				24, -24, -25, 255, 256, -256, -257, 65_535, 65_536, -65_536, -65_537, Integer.MAX_VALUE,
				Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 4_294_967_295L, -4_294_967_296L,
				4_294_967_296L, -4_294_967_297L)) {
			seeds.add(CborSerializer.mapper().writeValueAsBytes(value));
		}
		byte[] two = CborSerializer.mapper().writeValueAsBytes(42);
		seeds.add(java.nio.ByteBuffer.allocate(2 * two.length).put(two).put(two).array());
		seeds.add(new byte[0]);
		decodesAsTheTreeDid(CborSerializer.INSTANCE, seeds, (reader, data) -> {
			tools.jackson.databind.JsonNode node = reader.readTree(data);
			return (node == null || node.isMissingNode()) ? tools.jackson.databind.node.NullNode.getInstance() : node;
		});
	}

	private void decodesAsTheTreeDid(JacksonSerializer serializer, List<byte[]> seeds,
			java.util.function.BiFunction<ObjectMapper, byte[], tools.jackson.databind.JsonNode> tree) {
		long seed = new Random().nextLong();
		System.out.println(getClass().getSimpleName() + " " + serializer.getName() + " answers, seed " + seed);
		Random random = new Random(seed);
		ObjectMapper reader = serializer.mapperWith(BoundedJacksonSerializer.readConstraints(MAX_FRAME));
		List<byte[]> payloads = new ArrayList<>(seeds);
		for (int i = 0; i < MUTANTS; i++) {
			payloads.add(mutate(random, seeds.get(random.nextInt(seeds.size()))));
		}
		for (byte[] payload : payloads) {
			Object streamed;
			Object expected;
			try {
				streamed = serializer.decode(reader, payload);
			}
			catch (SerializationException ex) {
				streamed = "refused";
			}
			try {
				expected = tree.apply(reader, payload);
			}
			catch (RuntimeException ex) {
				expected = "refused";
			}
			assertThat(streamed).as(() -> "payload " + Arrays.toString(payload)).isEqualTo(expected);
		}
	}

	/**
	 * Every seed and {@value #MUTANTS} mutants of them (bytes flipped, cut, repeated),
	 * from a printed seed: the stream and the tree agree on each.
	 */
	private void readsWhatTheTreeReads(JacksonSerializer serializer, List<byte[]> seeds) {
		long seed = new Random().nextLong();
		System.out.println(getClass().getSimpleName() + " " + serializer.getName() + " seed " + seed);
		Random random = new Random(seed);
		JacksonSerializer bounded = serializer;
		ObjectMapper reader = serializer.mapperWith(BoundedJacksonSerializer.readConstraints(MAX_FRAME));
		for (byte[] payload : seeds) {
			agree(bounded, reader, payload);
		}
		for (int i = 0; i < MUTANTS; i++) {
			byte[] payload = mutate(random, seeds.get(random.nextInt(seeds.size())));
			agree(bounded, reader, payload);
		}
	}

	private static byte[] mutate(Random random, byte[] seed) {
		byte[] out = seed.clone();
		int edits = 1 + random.nextInt(3);
		for (int e = 0; e < edits && out.length > 0; e++) {
			int at = random.nextInt(out.length);
			switch (random.nextInt(4)) {
				case 0 -> out[at] = (byte) random.nextInt(256);
				case 1 -> out[at] = (byte) SYNTAX.charAt(random.nextInt(SYNTAX.length()));
				case 2 -> out = Arrays.copyOf(out, at);
				default -> {
					byte[] longer = Arrays.copyOf(out, out.length + (out.length - at));
					System.arraycopy(out, at, longer, out.length, out.length - at);
					out = longer;
				}
			}
		}
		return out;
	}

	/** The tree-based reading of a REQUEST that decodeCall streams: the reference. */
	private static CallPayload asTree(JacksonSerializer serializer, ObjectMapper reader, byte[] payload) {
		JsonNode node;
		try {
			node = serializer.decode(reader, payload);
		}
		catch (SerializationException ex) {
			throw new io.patio.BadRequestException(null, "Bad REQUEST: " + ex.getMessage(), ex);
		}
		return JacksonPayloads.checkedCall(node);
	}

	private static void agree(JacksonSerializer serializer, ObjectMapper reader, byte[] payload) {
		Object streamed = outcome(() -> serializer.decodeCall(reader, JacksonCalls.subtrees(reader),
				new DirectBinding(reader), payload, ArgumentTypes.NONE));
		Object tree = outcome(() -> asTree(serializer, reader, payload));
		String malformed = "BadRequestException: Bad REQUEST: Payload is not valid " + serializer.getName() + ": ";
		if (tree instanceof String error && error.startsWith(malformed)) {
			// not well formed: the parser's own words may name another token, having
			// been asked for the next one in another way
			assertThat(streamed).as(() -> "payload " + Arrays.toString(payload)).asString().startsWith(malformed);
		}
		else {
			assertThat(streamed).as(() -> "payload " + Arrays.toString(payload)).isEqualTo(tree);
		}
	}

	/** The call, or the error's class and message. */
	private static Object outcome(java.util.function.Supplier<CallPayload> decode) {
		try {
			return decode.get();
		}
		catch (BadRequestException ex) {
			return "BadRequestException: " + ex.getMessage();
		}
		catch (RuntimeException ex) {
			return ex.getClass().getName() + ": " + ex.getMessage();
		}
	}

}
