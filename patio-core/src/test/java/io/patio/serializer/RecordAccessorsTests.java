package io.patio.serializer;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ser.PropertyWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Records through Blackbird ({@link RecordAccessors}): the same JSON as Jackson's own and
 * the same values back, and Jackson's own binding wherever Blackbird's would differ.
 */
class RecordAccessorsTests {

	public record Reading(String sensor, int count, long at, boolean ok, double value, List<String> tags) {
	}

	public record Checked(String name, int count) {

		public Checked {
			if (count < 0) {
				throw new IllegalArgumentException("count must not be negative, was " + count);
			}
		}

	}

	/** Equal to a negative number: such a count is left out. */
	public static class Negative {

		@Override
		public boolean equals(Object other) {
			return other instanceof Integer number && number < 0;
		}

		@Override
		public int hashCode() {
			return 0;
		}

	}

	public record Counted(String name,
			@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Negative.class) int count) {
	}

	@JsonInclude(JsonInclude.Include.NON_DEFAULT)
	public record Sparse(String name, int count, boolean ok) {
	}

	@Retention(RetentionPolicy.RUNTIME)
	@JacksonAnnotationsInside
	@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Negative.class)
	public @interface LeaveOutNegatives {

	}

	public record Bundled(String name, @LeaveOutNegatives int count) {
	}

	public interface HasCount {

		@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Negative.class)
		int count();

	}

	public record Inherited(String name, int count) implements HasCount {
	}

	/** A record with a method Jackson might take for a setter. */
	public record Tagged(String name, List<String> tags) {

		@JsonSetter(nulls = Nulls.SKIP)
		public void setExtra(String extra) {
			this.tags.add(extra);
		}

	}

	public static class Bean {

		public int getCount() {
			return 1;
		}

	}

	@Test
	void onlyPlainRecordsOnTheClassPathAreEligible() {
		assertThat(RecordAccessors.isEligible(Reading.class)).isTrue();
		assertThat(RecordAccessors.isEligible(Checked.class)).isTrue();
		assertThat(RecordAccessors.isEligible(Bean.class)).isFalse();
		assertThat(RecordAccessors.isEligible(String.class)).isFalse();
		assertThat(RecordAccessors.isEligible(Counted.class)).isFalse();
		assertThat(RecordAccessors.isEligible(Sparse.class)).isFalse();
		assertThat(RecordAccessors.isEligible(Bundled.class)).isFalse();
		assertThat(RecordAccessors.isEligible(Inherited.class)).isFalse();
		assertThat(RecordAccessors.isEligible(Tagged.class)).isFalse();
	}

	@Test
	void anEligibleRecordIsWrittenThroughBlackbirdAndOthersThroughJackson() {
		// all but the double, which Blackbird leaves to Jackson
		assertThat(writerPackages(Reading.class)).containsExactly("tools.jackson.module.blackbird.ser",
				"tools.jackson.module.blackbird.ser", "tools.jackson.module.blackbird.ser",
				"tools.jackson.module.blackbird.ser", "tools.jackson.databind.ser",
				"tools.jackson.module.blackbird.ser");
		assertThat(writerPackages(Counted.class)).containsOnly("tools.jackson.databind.ser");
		assertThat(writerPackages(Bundled.class)).containsOnly("tools.jackson.databind.ser");
		assertThat(writerPackages(Inherited.class)).containsOnly("tools.jackson.databind.ser");
	}

	@Test
	void aRecordIsWrittenAsJacksonWritesItAndReadBackEqual() {
		Reading reading = new Reading("t1", -3, 1L << 40, true, 21.5, List.of("a", "b"));
		String json = WireMapper.json().writeValueAsString(reading);
		assertThat(json).isEqualTo(
				"{\"sensor\":\"t1\",\"count\":-3,\"at\":1099511627776,\"ok\":true,\"value\":21.5,\"tags\":[\"a\",\"b\"]}");
		assertThat(WireMapper.json().readValue(json, Reading.class)).isEqualTo(reading);
	}

	@Test
	void aRecordsConstructorStillRefusesWithItsOwnMessage() {
		assertThat(WireMapper.json().readValue("{\"name\":\"a\",\"count\":2}", Checked.class))
			.isEqualTo(new Checked("a", 2));
		assertThatExceptionOfType(tools.jackson.databind.DatabindException.class)
			.isThrownBy(() -> WireMapper.json().readValue("{\"name\":\"a\",\"count\":-1}", Checked.class))
			.withMessageContaining("count must not be negative, was -1");
	}

	@Test
	void aCustomFilterOnAPrimitiveStillLeavesItsValueOut() {
		for (Object negative : List.of(new Counted("a", -1), new Bundled("a", -1), new Inherited("a", -1))) {
			assertThat(WireMapper.json().writeValueAsString(negative)).isEqualTo("{\"name\":\"a\"}");
		}
		assertThat(WireMapper.json().writeValueAsString(new Counted("a", 2))).isEqualTo("{\"name\":\"a\",\"count\":2}");
	}

	@Test
	void defaultValuesAreLeftOutWhereTheRecordSaysSo() {
		assertThat(WireMapper.json().writeValueAsString(new Sparse("a", 0, false))).isEqualTo("{\"name\":\"a\"}");
		assertThat(WireMapper.json().writeValueAsString(new Sparse("a", 4, true)))
			.isEqualTo("{\"name\":\"a\",\"count\":4,\"ok\":true}");
	}

	private static List<String> writerPackages(Class<?> type) {
		ValueSerializer<Object> serializer = WireMapper.json()._serializationContext().findValueSerializer(type);
		List<String> packages = new ArrayList<>();
		for (Iterator<PropertyWriter> writers = serializer.properties(); writers.hasNext();) {
			packages.add(writers.next().getClass().getPackageName());
		}
		assertThat(packages).isNotEmpty();
		return packages;
	}

}
