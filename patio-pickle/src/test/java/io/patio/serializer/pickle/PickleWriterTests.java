package io.patio.serializer.pickle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.patio.serializer.UnsupportedValueException;
import net.razorvine.pickle.Pickler;
import net.razorvine.pickle.Unpickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link PickleWriter} writes: read back by our reader, and by razorvine's
 * {@code net.razorvine:pickle} as a second opinion (which we also read).
 */
class PickleWriterTests {

	record Point(int x, @JsonProperty("y_coord") int y, byte[] blob) {
	}

	enum Colour {

		RED

	}

	private static Object roundTrip(Object value) {
		return PickleReaderTests.read(PickleWriter.write(value));
	}

	@Test
	void aRecordIsWrittenExactlyAsTheMapOfItsJsonProperties() {
		Map<String, Object> asMap = new LinkedHashMap<>();
		asMap.put("x", 1);
		asMap.put("y_coord", 70_000);
		asMap.put("blob", new byte[] { 7 });
		assertThat(PickleWriter.write(new Point(1, 70_000, new byte[] { 7 }))).isEqualTo(PickleWriter.write(asMap));
		assertThat(PickleWriter.write(List.of(new Point(1, 70_000, new byte[] { 7 }), "é")))
			.isEqualTo(PickleWriter.write(List.of(asMap, "é")));
	}

	@Test
	void aJsonTreeIsWrittenExactlyAsItsPlainValues() {
		tools.jackson.databind.node.ObjectNode tree = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
		tree.put("i", 5).put("l", 1L << 40).put("s", "text").put("u", "ünï").put("d", 2.5).put("b", true).putNull("n");
		tree.put("bytes", new byte[] { 1, 2 }).put("short", (short) 3).put("big", BigInteger.TWO.pow(70));
		tree.putArray("list").add(1).add("two").addObject();
		Map<String, Object> plain = new LinkedHashMap<>();
		plain.put("i", 5);
		plain.put("l", 1L << 40);
		plain.put("s", "text");
		plain.put("u", "ünï");
		plain.put("d", 2.5);
		plain.put("b", true);
		plain.put("n", null);
		plain.put("bytes", new byte[] { 1, 2 });
		plain.put("short", (short) 3);
		plain.put("big", BigInteger.TWO.pow(70));
		plain.put("list", List.of(1, "two", Map.of()));
		assertThat(PickleWriter.write(tree)).isEqualTo(PickleWriter.write(plain));
	}

	@Test
	void stringsAreUtf8WhateverTheirLengthAndWhereTheirFirstNonAsciiCharIs() throws java.io.IOException {
		for (String text : List.of("", "a", "é", "abcé", "a".repeat(254) + "é", "a".repeat(255), "a".repeat(256),
				"é".repeat(200), "\uD83D\uDE00", "a".repeat(300) + "é")) {
			byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			byte[] pickle = PickleWriter.write(text);
			int header = (utf8.length < 0x100) ? 2 : 5;
			assertThat(pickle).hasSize(2 + header + utf8.length + 1);
			assertThat(pickle[2] & 0xFF)
				.isEqualTo((utf8.length < 0x100) ? Opcodes.SHORT_BINUNICODE : Opcodes.BINUNICODE);
			assertThat(java.util.Arrays.copyOfRange(pickle, 2 + header, 2 + header + utf8.length)).isEqualTo(utf8);
			assertThat(roundTrip(text)).isEqualTo(text);
			assertThat(new Unpickler().loads(pickle)).isEqualTo(text);
		}
	}

	@Test
	void everyValueOfTheTableRoundTrips() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("none", null);
		values.put("t", true);
		values.put("i", 7);
		values.put("l", 1L << 40);
		values.put("neg", -300);
		values.put("big", BigInteger.TWO.pow(70).negate());
		values.put("f", 1.5);
		values.put("s", "héllo \uD83D\uDE00");
		values.put("b", new byte[] { 0, 1, (byte) 0xff });
		values.put("list", List.of(1, "a"));
		values.put("set", Set.of(3));
		values.put("dec", new BigDecimal("1.10"));
		values.put("dt", LocalDateTime.of(2026, 11, 29, 12, 0, 0, 123_456_000));
		values.put("odt", OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30)));
		values.put("d", LocalDate.of(1, 1, 1));
		values.put("tm", LocalTime.of(23, 59, 59, 999_999_000));
		values.put("td", Duration.ofDays(-3).plusSeconds(7).plusNanos(1000));
		values.put("nested", Map.of("k", List.of(Map.of())));
		@SuppressWarnings("unchecked")
		Map<String, Object> back = (Map<String, Object>) roundTrip(values);
		assertThat(back).usingRecursiveComparison().isEqualTo(values);
	}

	@Test
	void javaTypesPythonHasNoneOfAreWrittenAsTheContractSays() {
		assertThat(roundTrip(Instant.parse("2026-11-29T12:00:00Z")))
			.isEqualTo(OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC));
		assertThat(roundTrip((short) 3)).isEqualTo(3);
		assertThat(roundTrip(2.5f)).isEqualTo(2.5);
		assertThat(roundTrip('x')).isEqualTo("x");
		assertThat(roundTrip(Colour.RED)).isEqualTo("RED");
		assertThat(roundTrip(new int[] { 1, 2 })).isEqualTo(List.of(1, 2));
		assertThat(roundTrip(Optional.of("v"))).isEqualTo("v");
		assertThat(roundTrip(Optional.empty())).isNull();
		UUID uuid = UUID.randomUUID();
		assertThat(roundTrip(uuid)).isEqualTo(uuid.toString());
	}

	@Test
	void bytesAreWrittenAsBytesNeverAsBytearray() {
		assertThat(HexFormat.of().formatHex(PickleWriter.write(new byte[] { 1, 2 })))
			.isEqualTo("8004" + "43020102" + "2e");
	}

	@Test
	void recordsAreDictsWithTheJsonPropertyNames() {
		Object back = roundTrip(new Point(1, 2, new byte[] { 9 }));
		assertThat(back).isInstanceOf(Map.class);
		Map<?, ?> map = (Map<?, ?>) back;
		assertThat(new ArrayList<Object>(map.keySet())).containsExactly("x", "y_coord", "blob");
		assertThat(map.get("x")).isEqualTo(1);
		assertThat((byte[]) map.get("blob")).containsExactly(9);
	}

	@Test
	void whatPythonCannotHoldExactlyFailsAtSend() {
		assertThatExceptionOfType(UnsupportedValueException.class)
			.isThrownBy(() -> PickleWriter.write(LocalTime.of(1, 2, 3, 1)))
			.withMessageContaining("nanoseconds");
		assertThatExceptionOfType(UnsupportedValueException.class)
			.isThrownBy(() -> PickleWriter.write(LocalDate.of(10_000, 1, 1)))
			.withMessageContaining("years 1 to 9999");
		assertThatExceptionOfType(UnsupportedValueException.class).isThrownBy(() -> PickleWriter.write(new Thread()))
			.withMessageContaining("java.lang.Thread");
		assertThatExceptionOfType(UnsupportedValueException.class).isThrownBy(() -> PickleWriter.write("\uD800"))
			.withMessageContaining("surrogate");
		List<Object> cycle = new ArrayList<>();
		cycle.add(cycle);
		assertThatExceptionOfType(UnsupportedValueException.class).isThrownBy(() -> PickleWriter.write(cycle))
			.withMessageContaining("nested deeper");
	}

	@Test
	void manyItemsAreWrittenInBatchesThatPythonReads() {
		List<Integer> many = new ArrayList<>();
		Map<Integer, Integer> map = new LinkedHashMap<>();
		Set<Integer> set = new LinkedHashSet<>();
		for (int i = 0; i < 2_500; i++) {
			many.add(i);
			map.put(i, -i);
			set.add(i);
		}
		assertThat(roundTrip(many)).isEqualTo(many);
		assertThat(roundTrip(map)).isEqualTo(map);
		assertThat(roundTrip(set)).isEqualTo(set);
	}

	@Test
	void razorvineReadsWhatWeWrite() throws Exception {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("i", 7);
		values.put("l", 1L << 40);
		values.put("big", BigInteger.TWO.pow(70));
		values.put("f", -0.25);
		values.put("s", "héllo");
		values.put("list", List.of(1, "a"));
		values.put("set", Set.of("x"));
		values.put("dec", new BigDecimal("1.10"));
		values.put("none", null);
		byte[] pickle = PickleWriter.write(values);
		Map<?, ?> back = (Map<?, ?>) new Unpickler().loads(pickle);
		assertThat(back.get("i")).isEqualTo(7);
		assertThat(back.get("l")).isEqualTo(1L << 40);
		assertThat(back.get("big")).isEqualTo(BigInteger.TWO.pow(70));
		assertThat(back.get("f")).isEqualTo(-0.25);
		assertThat(back.get("s")).isEqualTo("héllo");
		assertThat(back.get("list")).isEqualTo(List.of(1, "a"));
		assertThat(back.get("set")).isEqualTo(Set.of("x"));
		assertThat(back.get("dec")).isEqualTo(new BigDecimal("1.10"));
		assertThat(back.containsKey("none")).isTrue();
		assertThat((byte[]) new Unpickler().loads(PickleWriter.write(new byte[] { 5 }))).containsExactly(5);
	}

	@Test
	void weReadWhatRazorvineWrites() throws Exception {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("i", 7);
		values.put("big", BigInteger.TWO.pow(70));
		values.put("s", "héllo");
		values.put("bytes", new byte[] { 0, (byte) 0xfe });
		values.put("list", List.of(1, "a"));
		values.put("tuple", new Object[] { 1, 2 });
		values.put("set", Set.of(1));
		values.put("dec", new BigDecimal("-1.5E+3"));
		values.put("none", null);
		Map<?, ?> back = (Map<?, ?>) PickleReaderTests.read(new Pickler(false).dumps(values));
		assertThat(back.get("i")).isEqualTo(7);
		assertThat(back.get("big")).isEqualTo(BigInteger.TWO.pow(70));
		assertThat(back.get("s")).isEqualTo("héllo");
		assertThat((byte[]) back.get("bytes")).containsExactly(0, 0xfe);
		assertThat(back.get("list")).isEqualTo(List.of(1, "a"));
		assertThat(back.get("tuple")).isEqualTo(List.of(1, 2));
		assertThat(back.get("set")).isEqualTo(Set.of(1));
		assertThat(back.get("dec")).isEqualTo(new BigDecimal("-1.5E+3"));
		assertThat(back.containsKey("none")).isTrue();
	}

	@Test
	void razorvineReadsTheGoldenFramesAsWeDo() throws Exception {
		for (String hex : new String[] { Golden.DISCOVER, Golden.RESPONSE_1024, Golden.AUTH_DIGEST }) {
			Object ours = PickleReaderTests.read(hex);
			Object theirs = new Unpickler().loads(Golden.bytes(hex));
			assertThat(ours).usingRecursiveComparison().isEqualTo(theirs);
		}
	}

}
