package io.patio.serializer.pickle;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import io.patio.serializer.UnsupportedValueException;
import io.patio.serializer.WireMapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

// Longer than 400 lines because it has one method per Python type it writes, which read
// best side by side.
/**
 * Writes Java values as a pickle of protocol 4, as Python's own pickler would write the
 * same Python values: {@code byte[]} as {@code bytes} (never {@code bytearray}), sets as
 * sets, {@code java.time} values as {@code datetime} types, {@link BigDecimal} as
 * {@code decimal.Decimal}. A record or POJO is written as a dict of the properties the
 * JSON serializer writes for it (through the protocol's own mapper). Nothing is memoized,
 * so a value nested deeper than the bound (or a cycle) fails instead of recursing without
 * end.
 */
final class PickleWriter {

	static final int PROTOCOL = 4;

	private static final int BATCH = 1000;

	private static final int MAX_DEPTH = 500;

	/** Items to write as a Python tuple rather than a list. */
	record Tuple(List<?> items) {

	}

	private byte[] buffer;

	private int size;

	private PickleWriter() {
		this(64);
	}

	private PickleWriter(int capacity) {
		this.buffer = new byte[capacity];
	}

	/**
	 * One value as a whole pickle.
	 * @throws UnsupportedValueException for a value Python cannot hold exactly
	 */
	static byte[] write(Object value) {
		PickleWriter writer = new PickleWriter();
		writer.header();
		writer.value(value, 0);
		writer.op(Opcodes.STOP);
		return writer.toByteArray();
	}

	/**
	 * An instance of {@code module.name} built from {@code state} (a dict), as Python
	 * pickles a dataclass: the class, an empty tuple, NEWOBJ, then the state and BUILD.
	 */
	static byte[] writeObject(String module, String name, Map<String, ?> state) {
		PickleWriter writer = new PickleWriter();
		writer.header();
		writer.global(module, name);
		writer.op(Opcodes.EMPTY_TUPLE);
		writer.op(Opcodes.NEWOBJ);
		writer.value(state, 0);
		writer.op(Opcodes.BUILD);
		writer.op(Opcodes.STOP);
		return writer.toByteArray();
	}

	/**
	 * The bytes {@link #writeObject} starts with for {@code module.name}, up to its
	 * state: computed once for a class written often (the REQUEST's {@code CallRequest}).
	 */
	static byte[] objectPrefix(String module, String name) {
		PickleWriter writer = new PickleWriter(64);
		writer.header();
		writer.global(module, name);
		writer.op(Opcodes.EMPTY_TUPLE);
		writer.op(Opcodes.NEWOBJ);
		return writer.toByteArray();
	}

	/**
	 * The same bytes as {@link #writeObject} with a map of {@code state}'s names and
	 * values, in that order, but with no map: {@code prefix} from {@link #objectPrefix},
	 * then the state's names and values alternately (at most {@value #BATCH} pairs).
	 */
	static byte[] writeObject(byte[] prefix, Object... state) {
		PickleWriter writer = new PickleWriter(prefix.length + 64);
		writer.raw(prefix);
		writer.op(Opcodes.EMPTY_DICT);
		if (state.length > 0) {
			writer.op(Opcodes.MARK);
			for (Object item : state) {
				writer.value(item, 1);
			}
			writer.op(Opcodes.SETITEMS);
		}
		writer.op(Opcodes.BUILD);
		writer.op(Opcodes.STOP);
		return writer.toByteArray();
	}

	/**
	 * An instance of {@code module.name} called with {@code args}, as Python pickles an
	 * exception.
	 */
	static byte[] writeReduce(String module, String name, List<?> args) {
		PickleWriter writer = new PickleWriter();
		writer.header();
		writer.global(module, name);
		writer.tuple(args, 0);
		writer.op(Opcodes.REDUCE);
		writer.op(Opcodes.STOP);
		return writer.toByteArray();
	}

	private void header() {
		op(Opcodes.PROTO);
		op(PROTOCOL);
	}

	private void value(Object value, int depth) {
		if (depth > MAX_DEPTH) {
			throw unsupported(value, "it is nested deeper than " + MAX_DEPTH + " (or holds itself)");
		}
		if (value == null) {
			op(Opcodes.NONE);
		}
		else if (value instanceof String text) {
			string(text);
		}
		else if (value instanceof Boolean bool) {
			op(bool ? Opcodes.NEWTRUE : Opcodes.NEWFALSE);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			integer(((Number) value).longValue());
		}
		else if (value instanceof BigInteger big) {
			bigInteger(big);
		}
		else if (value instanceof Double || value instanceof Float) {
			op(Opcodes.BINFLOAT);
			long bits = Double.doubleToLongBits(((Number) value).doubleValue());
			for (int shift = 56; shift >= 0; shift -= 8) {
				op((int) (bits >>> shift) & 0xFF);
			}
		}
		else if (value instanceof Character || value instanceof UUID) {
			string(value.toString());
		}
		else if (value instanceof Enum<?> constant) {
			string(constant.name());
		}
		else if (value instanceof byte[] bytes) {
			bytes(bytes);
		}
		else if (value instanceof BigDecimal decimal) {
			global("decimal", "Decimal");
			string(decimal.toString());
			op(Opcodes.TUPLE1);
			op(Opcodes.REDUCE);
		}
		else if (value instanceof Tuple tuple) {
			tuple(tuple.items(), depth);
		}
		else if (value instanceof Map<?, ?> map) {
			dict(map, depth);
		}
		else if (value instanceof Set<?> set) {
			op(Opcodes.EMPTY_SET);
			items(set, Opcodes.ADDITEMS, depth);
		}
		else if (value instanceof Collection<?> collection) {
			op(Opcodes.EMPTY_LIST);
			items(collection, Opcodes.APPENDS, depth);
		}
		else if (value.getClass().isArray()) {
			int length = Array.getLength(value);
			Object[] items = new Object[length];
			for (int i = 0; i < length; i++) {
				items[i] = Array.get(value, i);
			}
			op(Opcodes.EMPTY_LIST);
			items(Arrays.asList(items), Opcodes.APPENDS, depth);
		}
		else if (value instanceof Optional<?> optional) {
			value(optional.orElse(null), depth + 1);
		}
		else if (value instanceof OptionalInt optional) {
			value(optional.isPresent() ? optional.getAsInt() : null, depth + 1);
		}
		else if (value instanceof OptionalLong optional) {
			value(optional.isPresent() ? optional.getAsLong() : null, depth + 1);
		}
		else if (value instanceof OptionalDouble optional) {
			value(optional.isPresent() ? optional.getAsDouble() : null, depth + 1);
		}
		else if (value instanceof JsonNode node) {
			tree(node, depth);
		}
		else if (!temporal(value)) {
			bean(value, depth);
		}
	}

	private boolean temporal(Object value) {
		if (value instanceof LocalDateTime dateTime) {
			dateTime(dateTime, null);
		}
		else if (value instanceof OffsetDateTime dateTime) {
			dateTime(dateTime.toLocalDateTime(), dateTime.getOffset());
		}
		else if (value instanceof Instant instant) {
			dateTime(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), ZoneOffset.UTC);
		}
		else if (value instanceof LocalDate date) {
			checkYear(date.getYear(), value);
			global("datetime", "date");
			bytes(new byte[] { (byte) (date.getYear() >> 8), (byte) date.getYear(), (byte) date.getMonthValue(),
					(byte) date.getDayOfMonth() });
			op(Opcodes.TUPLE1);
			op(Opcodes.REDUCE);
		}
		else if (value instanceof LocalTime time) {
			time(time, null);
		}
		else if (value instanceof OffsetTime time) {
			time(time.toLocalTime(), time.getOffset());
		}
		else if (value instanceof Duration duration) {
			timedelta(duration);
		}
		else {
			return false;
		}
		return true;
	}

	private void dateTime(LocalDateTime value, ZoneOffset offset) {
		checkYear(value.getYear(), value);
		int micros = micros(value.getNano(), value);
		global("datetime", "datetime");
		bytes(new byte[] { (byte) (value.getYear() >> 8), (byte) value.getYear(), (byte) value.getMonthValue(),
				(byte) value.getDayOfMonth(), (byte) value.getHour(), (byte) value.getMinute(),
				(byte) value.getSecond(), (byte) (micros >> 16), (byte) (micros >> 8), (byte) micros });
		zoneThenReduce(offset);
	}

	private void time(LocalTime value, ZoneOffset offset) {
		int micros = micros(value.getNano(), value);
		global("datetime", "time");
		bytes(new byte[] { (byte) value.getHour(), (byte) value.getMinute(), (byte) value.getSecond(),
				(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros });
		zoneThenReduce(offset);
	}

	private void zoneThenReduce(ZoneOffset offset) {
		if (offset == null) {
			op(Opcodes.TUPLE1);
		}
		else {
			global("datetime", "timezone");
			timedelta(Duration.ofSeconds(offset.getTotalSeconds()));
			op(Opcodes.TUPLE1);
			op(Opcodes.REDUCE);
			op(Opcodes.TUPLE2);
		}
		op(Opcodes.REDUCE);
	}

	private void timedelta(Duration duration) {
		int micros = micros(duration.getNano(), duration);
		long days = Math.floorDiv(duration.getSeconds(), 86_400L);
		long seconds = Math.floorMod(duration.getSeconds(), 86_400L);
		if (Math.abs(days) > 999_999_999L) {
			throw unsupported(duration, "Python's timedelta holds at most 999999999 days");
		}
		global("datetime", "timedelta");
		integer(days);
		integer(seconds);
		integer(micros);
		op(Opcodes.TUPLE3);
		op(Opcodes.REDUCE);
	}

	private static int micros(int nanos, Object value) {
		if (nanos % 1000 != 0) {
			throw unsupported(value, "Python holds microseconds, and it has nanoseconds; nothing is rounded");
		}
		return nanos / 1000;
	}

	private static void checkYear(int year, Object value) {
		if (year < 1 || year > 9999) {
			throw unsupported(value, "Python's datetime holds the years 1 to 9999");
		}
	}

	private void bean(Object value, int depth) {
		Class<?> type = value.getClass();
		ClassLoader loader = type.getClassLoader();
		if (loader == null || loader == ClassLoader.getPlatformClassLoader() || type == Object.class) {
			throw unsupported(value, "it is not a type the pickle serializer carries (see docs/python-peers.md)");
		}
		JsonNode tree;
		try {
			tree = WireMapper.json().valueToTree(value);
		}
		catch (JacksonException ex) {
			throw new UnsupportedValueException(type, "pickle",
					"Cannot write " + type.getName() + " as a pickle: " + ex.getOriginalMessage(), ex);
		}
		if (tree == null || !tree.isObject() || tree.isEmpty()) {
			throw unsupported(value, "it has no properties to write as a dict");
		}
		tree(tree, depth);
	}

	/**
	 * A Jackson tree, written as its plain Java values would be (an object as a dict, an
	 * array as a list, bytes as {@code bytes}) with no copy of it made first.
	 */
	private void tree(JsonNode node, int depth) {
		if (node.isObject()) {
			if (depth > MAX_DEPTH) {
				throw unsupported(node, "it is nested deeper than " + MAX_DEPTH + " (or holds itself)");
			}
			op(Opcodes.EMPTY_DICT);
			if (node.isEmpty()) {
				return;
			}
			int inBatch = 0;
			op(Opcodes.MARK);
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				if (inBatch == BATCH) {
					op(Opcodes.SETITEMS);
					op(Opcodes.MARK);
					inBatch = 0;
				}
				value(entry.getKey(), depth + 1);
				tree(entry.getValue(), depth + 1);
				inBatch++;
			}
			op(Opcodes.SETITEMS);
		}
		else if (node.isArray()) {
			if (depth > MAX_DEPTH) {
				throw unsupported(node, "it is nested deeper than " + MAX_DEPTH + " (or holds itself)");
			}
			op(Opcodes.EMPTY_LIST);
			if (node.isEmpty()) {
				return;
			}
			int inBatch = 0;
			op(Opcodes.MARK);
			for (JsonNode item : node) {
				if (inBatch == BATCH) {
					op(Opcodes.APPENDS);
					op(Opcodes.MARK);
					inBatch = 0;
				}
				tree(item, depth + 1);
				inBatch++;
			}
			op(Opcodes.APPENDS);
		}
		else if (depth <= MAX_DEPTH && node.isString()) {
			string(node.stringValue());
		}
		else if (depth <= MAX_DEPTH && (node.isInt() || node.isLong() || node.isShort())) {
			integer(node.longValue());
		}
		else {
			value(PickleTrees.scalar(node), depth);
		}
	}

	private void dict(Map<?, ?> map, int depth) {
		op(Opcodes.EMPTY_DICT);
		if (map.isEmpty()) {
			return;
		}
		int inBatch = 0;
		op(Opcodes.MARK);
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (inBatch == BATCH) {
				op(Opcodes.SETITEMS);
				op(Opcodes.MARK);
				inBatch = 0;
			}
			value(entry.getKey(), depth + 1);
			value(entry.getValue(), depth + 1);
			inBatch++;
		}
		op(Opcodes.SETITEMS);
	}

	private void items(Collection<?> items, int opcode, int depth) {
		if (items.isEmpty()) {
			return;
		}
		int inBatch = 0;
		op(Opcodes.MARK);
		for (Object item : items) {
			if (inBatch == BATCH) {
				op(opcode);
				op(Opcodes.MARK);
				inBatch = 0;
			}
			value(item, depth + 1);
			inBatch++;
		}
		op(opcode);
	}

	private void tuple(List<?> items, int depth) {
		switch (items.size()) {
			case 0 -> op(Opcodes.EMPTY_TUPLE);
			case 1, 2, 3 -> {
				for (Object item : items) {
					value(item, depth + 1);
				}
				op(Opcodes.TUPLE1 + items.size() - 1);
			}
			default -> {
				op(Opcodes.MARK);
				for (Object item : items) {
					value(item, depth + 1);
				}
				op(Opcodes.TUPLE);
			}
		}
	}

	private void integer(long value) {
		if (value >= 0 && value < 0x100) {
			op(Opcodes.BININT1);
			op((int) value);
		}
		else if (value >= 0 && value < 0x10000) {
			op(Opcodes.BININT2);
			op((int) value & 0xFF);
			op((int) (value >> 8));
		}
		else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
			op(Opcodes.BININT);
			littleEndian(value, 4);
		}
		else {
			bigInteger(BigInteger.valueOf(value));
		}
	}

	private void bigInteger(BigInteger value) {
		if (value.bitLength() < 32) {
			integer(value.intValue());
			return;
		}
		byte[] bigEndian = value.toByteArray();
		if (bigEndian.length < 0x100) {
			op(Opcodes.LONG1);
			op(bigEndian.length);
		}
		else {
			op(Opcodes.LONG4);
			littleEndian(bigEndian.length, 4);
		}
		for (int i = bigEndian.length - 1; i >= 0; i--) {
			op(bigEndian[i] & 0xFF);
		}
	}

	private void string(String text) {
		int length = text.length();
		if (length < 0x100) {
			// ASCII is its own UTF-8, one byte a char: written as it is checked, with no
			// encoder and no copy, and taken back at the first other char
			ensure(2 + length);
			byte[] out = this.buffer;
			int at = this.size + 2;
			int i = 0;
			while (i < length) {
				char c = text.charAt(i);
				if (c >= 0x80) {
					break;
				}
				out[at + i] = (byte) c;
				i++;
			}
			if (i == length) {
				out[this.size] = (byte) Opcodes.SHORT_BINUNICODE;
				out[this.size + 1] = (byte) length;
				this.size = at + length;
				return;
			}
		}
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		if (hasLoneSurrogate(text)) {
			throw unsupported(text, "it holds a lone UTF-16 surrogate, which Python's pickle does not read");
		}
		sized(Opcodes.SHORT_BINUNICODE, Opcodes.BINUNICODE, utf8);
	}

	private static boolean hasLoneSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private void bytes(byte[] bytes) {
		sized(Opcodes.SHORT_BINBYTES, Opcodes.BINBYTES, bytes);
	}

	/**
	 * {@code data} after its length: one byte with {@code shortOp}, four with
	 * {@code longOp}.
	 */
	private void sized(int shortOp, int longOp, byte[] data) {
		if (data.length < 0x100) {
			op(shortOp);
			op(data.length);
		}
		else {
			op(longOp);
			littleEndian(data.length, 4);
		}
		raw(data);
	}

	private void global(String module, String name) {
		op(Opcodes.GLOBAL);
		line(module);
		line(name);
	}

	/** An ASCII name and a newline, as GLOBAL takes them. */
	private void line(String name) {
		ensure(name.length() + 1);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			this.buffer[this.size++] = (byte) ((c < 0x80) ? c : '?');
		}
		this.buffer[this.size++] = '\n';
	}

	private void littleEndian(long value, int width) {
		for (int i = 0; i < width; i++) {
			op((int) (value >> (8 * i)) & 0xFF);
		}
	}

	private void op(int b) {
		ensure(1);
		this.buffer[this.size++] = (byte) b;
	}

	private void raw(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.size, bytes.length);
		this.size += bytes.length;
	}

	private void ensure(int more) {
		if (this.size + more > this.buffer.length) {
			long wanted = Math.max((long) this.buffer.length * 2, (long) this.size + more);
			if (wanted > Integer.MAX_VALUE - 16) {
				throw new UnsupportedValueException(Object.class, "pickle", "A value too large for one pickle", null);
			}
			this.buffer = Arrays.copyOf(this.buffer, (int) wanted);
		}
	}

	private byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.size);
	}

	private static UnsupportedValueException unsupported(Object value, String why) {
		Class<?> type = (value != null) ? value.getClass() : Object.class;
		return new UnsupportedValueException(type, "pickle", "Cannot write " + type.getName() + " as a pickle: " + why,
				null);
	}

}
