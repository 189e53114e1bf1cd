package io.patio.serializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The task names kept so that a REQUEST's name is read without a new string. */
class TaskNamesTests {

	@Property(tries = 3000)
	void readsTheNameItsBytesSpell(
			@ForAll @CharRange(from = ' ', to = '~') @StringLength(min = 1, max = 200) String name,
			@ForAll @StringLength(max = 8) @CharRange(from = 'a', to = 'z') String around) {
		byte[] data = (around + name + around).getBytes(StandardCharsets.US_ASCII);
		int from = around.length();
		assertThat(TaskNames.ascii(data, from, from + name.length())).isEqualTo(name);
		// and again, whether kept or not
		assertThat(TaskNames.ascii(data, from, from + name.length())).isEqualTo(name);
	}

	@Test
	void aNameSeenBeforeIsTheSameInstanceWithItsHashKnown() {
		byte[] first = "{\"func\":\"resize-image\"".getBytes(StandardCharsets.US_ASCII);
		byte[] second = "resize-image".getBytes(StandardCharsets.US_ASCII);
		String read = TaskNames.ascii(first, 9, 9 + 12);
		assertThat(TaskNames.ascii(second, 0, 12)).isSameAs(read).isEqualTo("resize-image");
	}

	@Test
	void namesThatShareASlotAreEachReadRight() {
		// more names than the table holds: some share a slot, and each is still read as
		// its own bytes spell it, never as the name kept in its slot
		List<String> names = new ArrayList<>();
		for (int i = 0; i < TaskNames.SLOTS * 4; i++) {
			names.add("task-" + i);
		}
		for (int round = 0; round < 2; round++) {
			for (String name : names) {
				byte[] data = name.getBytes(StandardCharsets.US_ASCII);
				assertThat(TaskNames.ascii(data, 0, data.length)).isEqualTo(name);
			}
		}
	}

	@Test
	void aNameLongerThanWhatIsKeptIsReadEachTime() {
		String name = "t".repeat(TaskNames.MAX_LENGTH + 1);
		byte[] data = name.getBytes(StandardCharsets.US_ASCII);
		String first = TaskNames.ascii(data, 0, data.length);
		assertThat(first).isEqualTo(name);
		assertThat(TaskNames.ascii(data, 0, data.length)).isEqualTo(name).isNotSameAs(first);
	}

}
