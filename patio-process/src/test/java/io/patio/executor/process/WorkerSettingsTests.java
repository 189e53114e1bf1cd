package io.patio.executor.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WorkerSettingsTests {

	@Test
	void settingsRoundTripThroughTheFrameAndTheRestOfTheStreamIsLeftUnread() throws IOException {
		Map<String, String> system = new LinkedHashMap<>();
		system.put("patio.project", "démo ✓ 𝄞");
		system.put("empty", "");
		WorkerSettings settings = new WorkerSettings(system, List.of("--patio.project=demo", "plain", ""),
				Map.of("spring.profiles.active", "a,b", "big", "x".repeat(100_000)));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		settings.writeTo(out);
		out.write(new byte[] { 1, 2, 3 });
		ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());

		WorkerSettings read = WorkerSettings.readFrom(in);

		assertThat(read).isEqualTo(settings);
		assertThat(read.systemProperties()).containsExactlyEntriesOf(system);
		assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
	}

	@Test
	void aStreamWithoutSettingsOrWithBadSizesFailsWithAClearError() throws IOException {
		assertThatThrownBy(() -> WorkerSettings.readFrom(new ByteArrayInputStream("hello world".getBytes())))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("does not start with process-pool worker settings");
		assertThatThrownBy(() -> WorkerSettings.readFrom(new ByteArrayInputStream(frame(Integer.MAX_VALUE))))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("at most " + WorkerSettings.MAX_SIZE);
		assertThatThrownBy(() -> WorkerSettings.readFrom(new ByteArrayInputStream(frame(8, 1_000_000, 0))))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("malformed worker settings: a count of 1000000");
		assertThatThrownBy(() -> WorkerSettings.readFrom(new ByteArrayInputStream(frame(12, 1, 999_999, 0))))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("a string of 999999 bytes");
		assertThatThrownBy(() -> WorkerSettings.readFrom(new ByteArrayInputStream(frame(4, 0))))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("truncated");
	}

	private static byte[] frame(int size, int... ints) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		DataOutputStream data = new DataOutputStream(out);
		data.writeInt(0x50545731);
		data.writeInt(size);
		for (int value : ints) {
			data.writeInt(value);
		}
		return out.toByteArray();
	}

	@Test
	void theWorkersOwnCommandLinePropertiesWinOverTheParents() {
		String own = "patio.test.settings.own." + System.nanoTime();
		String inherited = "patio.test.settings.inherited." + System.nanoTime();
		System.setProperty(own, "worker");
		try {
			WorkerSettings settings = new WorkerSettings(Map.of(own, "parent", inherited, "parent"), List.of(),
					Map.of());
			assertThat(settings.applySystemProperties(Set.of(own))).containsExactly(inherited);
			assertThat(System.getProperty(own)).isEqualTo("worker");
			assertThat(System.getProperty(inherited)).isEqualTo("parent");
		}
		finally {
			System.clearProperty(own);
			System.clearProperty(inherited);
		}
	}

	@Test
	void systemPropertyNamesAreThoseOfTheDashDArguments() {
		assertThat(WorkerSettings
			.systemPropertyNames(List.of("-Xmx1g", "-Da=1", "-Db", "-D", "-Dc.d=x=y", "--enable-native-access=x")))
			.containsExactly("a", "b", "c.d");
	}

	@Test
	void toStringShowsNamesButNoValue() {
		WorkerSettings settings = new WorkerSettings(Map.of("patio.broker.tcp.key", "s3cr3t"),
				List.of("--patio.broker.tcp.key=s3cr3t"), Map.of("k", "s3cr3t"));
		assertThat(settings.toString()).contains("patio.broker.tcp.key").doesNotContain("s3cr3t");
	}

	@Test
	void settingsTooLargeForAWorkerFailWhenTheOptionsAreBuilt() {
		assertThatThrownBy(() -> ProcessPoolOptions.builder()
			.registryFactory(ProcessTasks.Factory.class)
			.workerProperties(Map.of("big", "x".repeat(WorkerSettings.MAX_SIZE)))
			.build()).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("at most " + WorkerSettings.MAX_SIZE + " are allowed");
	}

}
