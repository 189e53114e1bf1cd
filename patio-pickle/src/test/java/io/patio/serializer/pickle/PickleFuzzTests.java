package io.patio.serializer.pickle;

import java.util.Arrays;
import java.util.Random;

import io.patio.serializer.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Mutated golden pickles: each decodes or fails with a {@link SerializationException},
 * never with another exception, in both reading modes. The seed is printed; run again
 * with {@code -Dpatio.pickle.fuzz.seed=<seed>} to repeat a run.
 */
class PickleFuzzTests {

	private static final int CASES = 12_000;

	private static final byte[] INTERESTING = { 0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, '(', '.', ']', '}', 'e',
			'u', 'b', 'R', (byte) 0x81, (byte) 0x93, (byte) 0x94, 'h', 'j', (byte) 0x8e, (byte) 0x8b, (byte) 0x95 };

	@Test
	void mutatedGoldenPicklesFailOnlyWithSerializationException() {
		long seed = Long.getLong("patio.pickle.fuzz.seed", System.nanoTime());
		System.out.println("PickleFuzzTests seed: " + seed + " (-Dpatio.pickle.fuzz.seed=" + seed + " repeats it)");
		Random random = new Random(seed);
		byte[][] corpus = corpus();
		int decoded = 0;
		for (int i = 0; i < CASES; i++) {
			byte[] pickle = mutate(corpus[random.nextInt(corpus.length)], random);
			for (PickleReader.Mode mode : PickleReader.Mode.values()) {
				try {
					PickleReader.read(pickle, 100_000, 100, mode);
					decoded++;
				}
				catch (SerializationException expected) {
					assertThat(expected.getMessage()).startsWith("Not a pickle patio reads: ");
				}
				catch (RuntimeException | Error ex) {
					fail("seed " + seed + ", case " + i + ": " + java.util.HexFormat.of().formatHex(pickle), ex);
				}
			}
		}
		System.out.println("PickleFuzzTests: " + decoded + " of " + (CASES * 2) + " decodes succeeded");
	}

	private static byte[][] corpus() {
		byte[][] corpus = new byte[Golden.ALL.length + PythonPickles.VALUES_BY_PROTOCOL.length][];
		for (int i = 0; i < Golden.ALL.length; i++) {
			corpus[i] = Golden.bytes(Golden.ALL[i]);
		}
		for (int i = 0; i < PythonPickles.VALUES_BY_PROTOCOL.length; i++) {
			corpus[Golden.ALL.length + i] = Golden.bytes(PythonPickles.VALUES_BY_PROTOCOL[i]);
		}
		return corpus;
	}

	private static byte[] mutate(byte[] original, Random random) {
		byte[] data = original.clone();
		int mutations = 1 + random.nextInt(4);
		for (int m = 0; m < mutations && data.length > 0; m++) {
			int at = random.nextInt(data.length);
			switch (random.nextInt(6)) {
				case 0 -> data[at] = (byte) random.nextInt(256);
				case 1 -> data[at] = INTERESTING[random.nextInt(INTERESTING.length)];
				case 2 -> data[at] ^= (byte) (1 << random.nextInt(8));
				case 3 -> data = Arrays.copyOf(data, at); // cut
				case 4 -> { // delete a range
					int end = Math.min(data.length, at + 1 + random.nextInt(8));
					byte[] shorter = new byte[data.length - (end - at)];
					System.arraycopy(data, 0, shorter, 0, at);
					System.arraycopy(data, end, shorter, at, data.length - end);
					data = shorter;
				}
				default -> { // duplicate a range
					int end = Math.min(data.length, at + 1 + random.nextInt(16));
					byte[] longer = new byte[data.length + (end - at)];
					System.arraycopy(data, 0, longer, 0, end);
					System.arraycopy(data, at, longer, end, data.length - at);
					data = longer;
				}
			}
		}
		return data;
	}

}
