package io.patio.serializer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bean's setters, as the wire mappers call them: a null its setter skips keeps the
 * default, whether it comes before or after the creator's arguments (then Jackson holds
 * it until the creator has run). Jackson's Blackbird module sets the null there instead,
 * or fails on a primitive: this is why the wire mappers use it for records alone
 * ({@link RecordAccessors}), and not for a record with a method Jackson might take for a
 * setter.
 */
class WireMapperSetterTests {

	/** Built by a creator, with setters whose nulls keep the defaults. */
	public static class Options {

		private final String id;

		private List<String> tags = List.of("default");

		private int retries = 3;

		@JsonCreator
		public Options(@JsonProperty("id") String id) {
			this.id = id;
		}

		@JsonSetter(nulls = Nulls.SKIP)
		public void setTags(List<String> tags) {
			this.tags = tags;
		}

		@JsonSetter(nulls = Nulls.SKIP)
		public void setRetries(int retries) {
			this.retries = retries;
		}

		@Override
		public String toString() {
			return this.id + " " + this.tags + " " + this.retries;
		}

	}

	@Test
	void aSkippedNullKeepsTheDefaultBeforeAndAfterTheCreatorsArguments() {
		assertThat(WireMapper.json().readValue("{\"tags\":null,\"retries\":null,\"id\":\"a\"}", Options.class))
			.hasToString("a [default] 3");
		assertThat(WireMapper.json().readValue("{\"id\":\"a\",\"tags\":null,\"retries\":null}", Options.class))
			.hasToString("a [default] 3");
		assertThat(WireMapper.json().readValue("{\"tags\":[\"x\"],\"retries\":5,\"id\":\"b\"}", Options.class))
			.hasToString("b [x] 5");
	}

}
