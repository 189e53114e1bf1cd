package io.patio.serializer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The task names read from REQUESTs, kept so that reading a name seen before makes no new
 * {@code String}: it gives back the same instance, whose hash is already known when the
 * name is looked up in the registry. For serializers that read a REQUEST's task from its
 * bytes ({@link Serializer#peekCall}, a plain decoder).
 * <p>
 * A small table, {@value #SLOTS} names at most, each at most {@value #MAX_LENGTH} bytes,
 * shared by every serializer in the JVM: what a peer sends can churn it but never grow
 * it, and a name it does not hold is read as ever. Safe from any thread without locks: an
 * entry is immutable, so a reader sees either a whole entry or another one, and checks
 * its bytes before using it.
 */
public final class TaskNames {

	/** How many names the table holds; a power of two. */
	static final int SLOTS = 256;

	/** The longest name kept, in bytes; longer ones are read each time. */
	static final int MAX_LENGTH = 128;

	private static final Entry[] TABLE = new Entry[SLOTS];

	private TaskNames() {
	}

	/**
	 * The name made of {@code data[from, to)}, bytes the caller has checked are ASCII:
	 * the instance kept for it when there is one.
	 * @param data the payload
	 * @param from where the name starts
	 * @param to where it ends, exclusive
	 * @return the name
	 */
	public static String ascii(byte[] data, int from, int to) {
		int length = to - from;
		if (length > MAX_LENGTH) {
			return new String(data, from, length, StandardCharsets.ISO_8859_1);
		}
		int hash = 0;
		for (int i = from; i < to; i++) {
			hash = 31 * hash + data[i];
		}
		int slot = (hash ^ (hash >>> 8)) & (SLOTS - 1);
		Entry entry = TABLE[slot];
		if (entry != null && Arrays.equals(entry.bytes, 0, entry.bytes.length, data, from, to)) {
			return entry.name;
		}
		String name = new String(data, from, length, StandardCharsets.ISO_8859_1);
		TABLE[slot] = new Entry(Arrays.copyOfRange(data, from, to), name);
		return name;
	}

	/** A name and its bytes; immutable, so safely shared through a racy table. */
	private record Entry(byte[] bytes, String name) {
	}

}
