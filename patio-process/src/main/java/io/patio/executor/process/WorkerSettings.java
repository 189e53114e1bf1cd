package io.patio.executor.process;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration a process-pool parent hands to each worker through the worker's
 * stdin, never its command line: {@code ps} shows every process's command line to every
 * user of the machine, and these values can hold secrets (a broker key given as
 * {@code -D} or {@code --} option). The parent writes them once, right after starting the
 * worker, and keeps stdin open (closing it tells the worker to stop).
 * <ul>
 * <li>{@link #systemProperties()}: the parent's {@code -D} properties. A worker sets them
 * before anything else, except those its own command line sets (its JVM options rank
 * above the parent's).</li>
 * <li>{@link #arguments()}: the parent application's arguments (Spring workers run the
 * application with them; plain-Java workers ignore them).</li>
 * <li>{@link #properties()}: properties the worker ranks above those arguments (Spring
 * workers: the parent's active profiles and {@code patio.executor.process.properties}).
 * </li>
 * </ul>
 * On the wire: the magic {@code PTW1}, the body's length (4 bytes, big-endian), then the
 * body: three sections, each a count followed by that many strings (or pairs of strings),
 * each string its UTF-8 length (4 bytes) and bytes. At most {@link #MAX_SIZE} bytes.
 */
public record WorkerSettings(Map<String, String> systemProperties, List<String> arguments,
		Map<String, String> properties) {

	/** The largest body a worker accepts: 4 MiB. */
	public static final int MAX_SIZE = 4 * 1024 * 1024;

	private static final int MAGIC = 0x50545731; // "PTW1"

	/** Nothing to hand over. */
	public static final WorkerSettings NONE = new WorkerSettings(Map.of(), List.of(), Map.of());

	public WorkerSettings {
		systemProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(systemProperties));
		arguments = List.copyOf(arguments);
		properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/**
	 * The {@code -D} properties this JVM was started with ({@code -Dname=value} among its
	 * input arguments), with their current values; properties removed since are left out.
	 */
	public static Map<String, String> commandLineSystemProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		for (String name : commandLineSystemPropertyNames()) {
			String value = System.getProperty(name);
			if (value != null) {
				properties.put(name, value);
			}
		}
		return properties;
	}

	/** The names of the {@code -D} properties on this JVM's command line. */
	static Set<String> commandLineSystemPropertyNames() {
		return systemPropertyNames(ManagementFactory.getRuntimeMXBean().getInputArguments());
	}

	static Set<String> systemPropertyNames(List<String> jvmArguments) {
		Set<String> names = new LinkedHashSet<>();
		for (String argument : jvmArguments) {
			if (argument.startsWith("-D") && argument.length() > 2) {
				int equals = argument.indexOf('=');
				names.add((equals < 0) ? argument.substring(2) : argument.substring(2, equals));
			}
		}
		return names;
	}

	/**
	 * Sets the parent's {@code -D} properties in this JVM, except those this JVM's own
	 * command line sets (the worker's JVM options win). Returns the names it set.
	 */
	public Set<String> applySystemProperties() {
		return applySystemProperties(commandLineSystemPropertyNames());
	}

	Set<String> applySystemProperties(Set<String> ownNames) {
		Set<String> applied = new LinkedHashSet<>();
		this.systemProperties.forEach((name, value) -> {
			if (!ownNames.contains(name)) {
				System.setProperty(name, value);
				applied.add(name);
			}
		});
		return applied;
	}

	/** Writes these settings, framed, to {@code out} and flushes it. */
	public void writeTo(OutputStream out) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		DataOutputStream data = new DataOutputStream(body);
		writeMap(data, this.systemProperties);
		data.writeInt(this.arguments.size());
		for (String argument : this.arguments) {
			writeString(data, argument);
		}
		writeMap(data, this.properties);
		if (body.size() > MAX_SIZE) {
			throw new IllegalArgumentException("The settings handed to a process-pool worker take " + body.size()
					+ " bytes; at most " + MAX_SIZE + " are allowed");
		}
		DataOutputStream framed = new DataOutputStream(out);
		framed.writeInt(MAGIC);
		framed.writeInt(body.size());
		body.writeTo(framed);
		framed.flush();
	}

	/**
	 * Reads settings written by {@link #writeTo}; reads exactly the frame and nothing
	 * after it.
	 * @throws IOException when the stream ends first or does not hold worker settings
	 */
	public static WorkerSettings readFrom(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		int magic = data.readInt();
		if (magic != MAGIC) {
			throw new IOException("stdin does not start with process-pool worker settings (magic 0x"
					+ Integer.toHexString(magic) + "); is this process started by a process-pool executor?");
		}
		int size = data.readInt();
		if (size < 0 || size > MAX_SIZE) {
			throw new IOException("worker settings of " + size + " bytes; at most " + MAX_SIZE + " are allowed");
		}
		byte[] body = new byte[size];
		data.readFully(body);
		DataInputStream reader = new DataInputStream(new java.io.ByteArrayInputStream(body));
		try {
			Map<String, String> systemProperties = readMap(reader, size);
			int count = readCount(reader, size);
			List<String> arguments = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				arguments.add(readString(reader, size));
			}
			Map<String, String> properties = readMap(reader, size);
			return new WorkerSettings(systemProperties, arguments, properties);
		}
		catch (EOFException ex) {
			throw new IOException("truncated worker settings", ex);
		}
	}

	private static void writeMap(DataOutputStream data, Map<String, String> map) throws IOException {
		data.writeInt(map.size());
		for (Map.Entry<String, String> entry : map.entrySet()) {
			writeString(data, entry.getKey());
			writeString(data, entry.getValue());
		}
	}

	private static void writeString(DataOutputStream data, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		data.writeInt(bytes.length);
		data.write(bytes);
	}

	private static Map<String, String> readMap(DataInputStream reader, int size) throws IOException {
		int count = readCount(reader, size);
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			map.put(readString(reader, size), readString(reader, size));
		}
		return map;
	}

	/** A count can never exceed the body's size: every entry takes at least 4 bytes. */
	private static int readCount(DataInputStream reader, int size) throws IOException {
		int count = reader.readInt();
		if (count < 0 || count > size / 4) {
			throw new IOException("malformed worker settings: a count of " + count + " in " + size + " bytes");
		}
		return count;
	}

	private static String readString(DataInputStream reader, int size) throws IOException {
		int length = reader.readInt();
		if (length < 0 || length > size) {
			throw new IOException("malformed worker settings: a string of " + length + " bytes in " + size);
		}
		byte[] bytes = new byte[length];
		reader.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** Names and sizes only: values can be secrets. */
	@Override
	public String toString() {
		return "WorkerSettings[systemProperties=" + this.systemProperties.keySet() + ", arguments="
				+ this.arguments.size() + ", properties=" + this.properties.keySet() + "]";
	}

}
