package io.patio.serializer.pickle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.patio.serializer.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static io.patio.serializer.pickle.Golden.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What {@link PickleReader} makes of what Python writes. */
class PickleReaderTests {

	static Object read(String hex) {
		return read(bytes(hex));
	}

	static Object read(byte[] data) {
		return PickleReader.read(data, 1_000_000, 500, PickleReader.Mode.VALUE);
	}

	@Test
	void goldenHandshakeFrames() {
		assertThat((byte[]) read(Golden.AUTH_DIGEST)).hasSize(16);
		List<?> authRequest = (List<?>) read(Golden.AUTH_REQUEST);
		assertThat(authRequest).hasSize(3).allSatisfy((item) -> assertThat(item).isInstanceOf(byte[].class));
		assertThat((byte[]) authRequest.get(2)).isEqualTo(bytes(Golden.AUTH_DIGEST));
		assertThat(read(Golden.NONE)).isNull();
		assertThat(read(Golden.DISCOVER_EMPTY)).isEqualTo(List.of());
		assertThat(read(Golden.DISCOVER)).isEqualTo(List.of("mul", "pow", "boom", "kinds", "point"));
	}

	@Test
	void goldenRequestsAreCallRequestObjects() {
		PickledObject mul = (PickledObject) read(Golden.REQUEST_MUL);
		assertThat(mul.getQualifiedName()).isEqualTo("patio.broker.tcp.broker.CallRequest");
		assertThat(mul).containsEntry("func", "mul")
			.containsEntry("args", List.of(1, 2, 3))
			.containsEntry("kwargs", Map.of())
			.containsEntry("timeout", null);
		PickledObject pow = (PickledObject) read(Golden.REQUEST_POW);
		assertThat(pow).containsEntry("func", "pow")
			.containsEntry("args", List.of(2))
			.containsEntry("kwargs", Map.of("exponent", 10))
			.containsEntry("timeout", 5);
	}

	@Test
	void goldenResponses() {
		assertThat(read(Golden.RESPONSE_6)).isEqualTo(6);
		assertThat(read(Golden.RESPONSE_1024)).isEqualTo(1024);
		PickledObject point = (PickledObject) read(Golden.POINT);
		assertThat(point.getQualifiedName()).isEqualTo("__main__.Point");
		assertThat(point).isEqualTo(Map.of("x", 1, "y", 2));
	}

	@Test
	void goldenValues() {
		Map<?, ?> kinds = (Map<?, ?>) read(Golden.KINDS);
		assertThat(kinds.get("none")).isNull();
		assertThat(kinds.get("t")).isEqualTo(true);
		assertThat(kinds.get("f")).isEqualTo(1.5);
		assertThat(kinds.get("s")).isEqualTo("héllo");
		assertThat((byte[]) kinds.get("b")).containsExactly(0, 1);
		assertThat(kinds.get("l")).isEqualTo(List.of(1, "a"));
		assertThat(kinds.get("tup")).isEqualTo(List.of(1, 2));
		assertThat(kinds.get("big")).isEqualTo(BigInteger.TWO.pow(70));
		assertThat(kinds.get("set")).isEqualTo(Set.of(1));
		assertThat(kinds.get("dt")).isEqualTo(LocalDateTime.of(2026, 11, 29, 12, 0));
		assertThat(kinds.get("dec")).isEqualTo(new BigDecimal("1.10"));
	}

	@Test
	void goldenErrorsReadAsDescriptorsOnlyInErrors() {
		PickledException error = (PickledException) PickleReader.read(bytes(Golden.ERROR_VALUE), 1000, 500,
				PickleReader.Mode.ERROR);
		assertThat(error.qualifiedName()).isEqualTo("builtins.ValueError");
		assertThat(error.args()).containsExactly("boom");
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> read(Golden.ERROR_VALUE))
			.withMessageContaining("builtins.ValueError")
			.withMessageContaining("nothing is called");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3 })
	void everyProtocol(int index) {
		Map<?, ?> values = (Map<?, ?>) read(PythonPickles.VALUES_BY_PROTOCOL[index]);
		assertThat(values.get("none")).isNull();
		assertThat(values.get("t")).isEqualTo(true);
		assertThat(values.get("f")).isEqualTo(1.5);
		assertThat(values.get("s")).isEqualTo("héllo");
		assertThat((byte[]) values.get("b")).containsExactly(0, 1);
		assertThat((byte[]) values.get("ba")).containsExactly(2);
		assertThat((byte[]) values.get("e")).isEmpty();
		assertThat(values.get("l")).isEqualTo(List.of(1, "a"));
		assertThat(values.get("tup")).isEqualTo(List.of(1, 2));
		assertThat(values.get("big")).isEqualTo(BigInteger.TWO.pow(70));
		assertThat(values.get("neg")).isEqualTo(-(1L << 40));
		assertThat(values.get("set")).isEqualTo(Set.of(1));
		assertThat(values.get("fs")).isEqualTo(Set.of(2));
		assertThat(values.get("dt")).isEqualTo(LocalDateTime.of(2026, 11, 29, 12, 0, 0, 123_456_000));
		assertThat(values.get("adt")).isEqualTo(OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.ofHours(2)));
		assertThat(values.get("utc")).isEqualTo(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
		assertThat(values.get("d")).isEqualTo(LocalDate.of(2026, 11, 29));
		assertThat(values.get("tm")).isEqualTo(LocalTime.of(23, 59, 1, 5_000));
		assertThat(values.get("td")).isEqualTo(Duration.ofDays(-1).plusSeconds(5).plusNanos(7_000));
		assertThat(values.get("dec")).isEqualTo(new BigDecimal("1.10"));
	}

	@Test
	void integersAreTheSmallestJavaTypeThatHoldsThem() {
		assertThat(read("80048a0500000000012e")).isEqualTo(1L << 32); // LONG1 2**32
		assertThat(read("80044affffffff2e")).isEqualTo(-1); // BININT -1
		assertThat(read("80048a00" + "2e")).isEqualTo(0); // LONG1 of no bytes is 0
	}

}
