package io.patio.serializer;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.Nulls;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.PropertyWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Records through Blackbird ({@link RecordAccessors}): the same JSON as Jackson's own and
 * the same values back, and Jackson's own binding wherever Blackbird's would differ.
 */
class RecordAccessorsTests {

	private static final String BLACKBIRD = "tools.jackson.module.blackbird.ser";

	private static final String JACKSON = "tools.jackson.databind.ser";

	/** The wire mapper as it would be without Blackbird. */
	private static final JsonMapper JACKSON_ALONE = jacksonAlone();

	public record Reading(String sensor, int count, long at, boolean ok, double value, List<String> tags) {
	}

	@JsonPropertyOrder({ "id", "label" })
	public record Named(@JsonProperty("label") String name, long id, @JsonIgnore String secret) {
	}

	public record Box<T>(T content, Optional<String> note, Map<String, Reading> readings) {
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

	/** The filter on the canonical constructor's parameter, which Jackson merges in. */
	public record CountedByParameter(String name, int count) {

		public CountedByParameter(String name,
				@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Negative.class) int count) {
			this.name = name;
			this.count = count;
		}

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

	public record Hex(@JsonFormat(shape = JsonFormat.Shape.STRING, radix = 16) int mask,
			@JsonFormat(shape = JsonFormat.Shape.STRING) long id) {
	}

	public record Inner(@JsonFormat(shape = JsonFormat.Shape.STRING) int number, boolean flag) {
	}

	public record Outer(String id, @JsonUnwrapped(prefix = "p_") Inner inner) {
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
		assertThat(RecordAccessors.isEligible(Named.class)).isTrue();
		assertThat(RecordAccessors.isEligible(Box.class)).isTrue();
		assertThat(RecordAccessors.isEligible(Checked.class)).isTrue();
		assertThat(RecordAccessors.isEligible(Bean.class)).isFalse();
		assertThat(RecordAccessors.isEligible(String.class)).isFalse();
		for (Class<?> annotated : List.of(Counted.class, CountedByParameter.class, Sparse.class, Bundled.class,
				Inherited.class, Hex.class, Inner.class, Outer.class, Tagged.class)) {
			assertThat(RecordAccessors.isEligible(annotated)).as(annotated.getSimpleName()).isFalse();
		}
	}

	@Test
	void anEligibleRecordIsWrittenThroughBlackbirdAndOthersThroughJackson() {
		// all but the double, which Blackbird leaves to Jackson
		assertThat(writerPackages(Reading.class)).containsExactly(BLACKBIRD, BLACKBIRD, BLACKBIRD, BLACKBIRD, JACKSON,
				BLACKBIRD);
		assertThat(writerPackages(Named.class)).containsOnly(BLACKBIRD);
		for (Class<?> annotated : List.of(Counted.class, CountedByParameter.class, Bundled.class, Inherited.class,
				Hex.class, Inner.class)) {
			assertThat(writerPackages(annotated)).as(annotated.getSimpleName()).containsOnly(JACKSON);
		}
	}

	@Test
	void everyRecordIsWrittenAndReadAsJacksonAloneDoes() {
		Reading reading = new Reading("t1", -3, 1L << 40, true, 21.5, List.of("a", "b"));
		List<Object> values = List.of(reading, new Named("n", 7L, null),
				new Box<>(List.of(1, 2), Optional.of("x"), Map.of("r", reading)),
				new Box<>(null, Optional.empty(), Map.of()), new Counted("a", -1), new Counted("a", 2),
				new CountedByParameter("a", -1), new Sparse("a", 0, false), new Sparse("a", 4, true),
				new Bundled("a", -1), new Inherited("a", -1), new Hex(255, 1L << 40),
				new Outer("o", new Inner(5, true)));
		for (Object value : values) {
			String json = JACKSON_ALONE.writeValueAsString(value);
			assertThat(WireMapper.json().writeValueAsString(value)).as(json).isEqualTo(json);
			if (!(value instanceof Box<?>)) {
				assertThat(read(WireMapper.json(), json, value.getClass()))
					.isEqualTo(read(JACKSON_ALONE, json, value.getClass()));
			}
		}
		assertThat(WireMapper.json().writeValueAsString(new Hex(255, 7))).isEqualTo("{\"mask\":\"ff\",\"id\":\"7\"}");
		assertThat(WireMapper.json().writeValueAsString(new CountedByParameter("a", -1))).isEqualTo("{\"name\":\"a\"}");
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

	private static List<String> writerPackages(Class<?> type) {
		ValueSerializer<Object> serializer = WireMapper.json()._serializationContext().findValueSerializer(type);
		List<String> packages = new ArrayList<>();
		for (Iterator<PropertyWriter> writers = serializer.properties(); writers.hasNext();) {
			packages.add(writers.next().getClass().getPackageName());
		}
		assertThat(packages).isNotEmpty();
		return packages;
	}

	/** The value read, or how reading it failed. */
	private static Object read(JsonMapper mapper, String json, Class<?> type) {
		try {
			return mapper.readValue(json, type);
		}
		catch (RuntimeException ex) {
			return ex.getClass().getName() + ": " + ex.getMessage();
		}
	}

	private static JsonMapper jacksonAlone() {
		Collection<JacksonModule> modules = WireMapper.configure(JsonMapper.builder()).build().registeredModules();
		List<JacksonModule> others = modules.stream().filter((module) -> !(module instanceof RecordAccessors)).toList();
		assertThat(others).hasSize(modules.size() - 1);
		JsonMapper.Builder builder = WireMapper.configure(JsonMapper.builder()).removeAllModules();
		others.forEach(builder::addModule);
		return builder.build();
	}

}
