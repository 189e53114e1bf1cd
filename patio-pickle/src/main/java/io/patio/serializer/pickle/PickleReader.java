package io.patio.serializer.pickle;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.patio.serializer.SerializationException;

// Longer than 400 lines because it is one opcode switch and its helpers, which read
// best together.
/**
 * Reads one pickle (protocols 2 to 5) into plain Java values, executing and constructing
 * nothing by name. It knows the opcodes Python's pickler writes for the values of
 * {@code docs/python-peers.md} and refuses every other one. A global is only ever a name
 * on the stack: the few the contract lists ({@link PythonGlobals}) are turned into Java
 * values by code of ours; an instance of any other class ({@code NEWOBJ} with no
 * arguments, then {@code BUILD}) becomes a {@link PickledObject}; in an ERROR payload a
 * {@code REDUCE} of any other global becomes a {@link PickledException} descriptor.
 * <p>
 * Bounded for a hostile pickle: every declared length is checked against the bytes left
 * before anything is allocated; the memo and the values pushed are capped; the finished
 * value is walked once, without recursion, and refused when it is nested deeper than
 * {@code maxDepth} or holds more than {@code maxValues} values counting every shared
 * reference as often as it is reached (a memo bomb or a cycle fails there; the walk is
 * left out only where it cannot fail: no value pushed twice, and no more values pushed
 * than {@code maxDepth}); a dict key or set element must be hashable in Python's sense (a
 * scalar, or a tuple or frozenset of such), checked with the same bounded walk before it
 * is hashed.
 */
final class PickleReader {

	/** What a REDUCE of an unlisted global makes: refused, or an exception descriptor. */
	enum Mode {

		VALUE, ERROR

	}

	private static final int MAX_INT_BYTES = 416; // about 1000 decimal digits

	/** The global every REQUEST names, checked as any other would be. */
	private static final PythonGlobals.Global CALL_REQUEST = PythonGlobals.global("patio.broker.tcp.broker",
			"CallRequest");

	/** {@link #CALL_REQUEST} as GLOBAL's two lines. */
	private static final byte[] CALL_REQUEST_LINES = "patio.broker.tcp.broker\nCallRequest\n"
		.getBytes(StandardCharsets.US_ASCII);

	/**
	 * The strings every REQUEST (and most records) holds: read as these constants, with
	 * no new string and its hash to compute.
	 */
	private static final String[] KNOWN_STRINGS = { "func", "args", "kwargs", "timeout", "headers" };

	private static final byte[][] KNOWN_UTF8 = Arrays.stream(KNOWN_STRINGS)
		.map((text) -> text.getBytes(StandardCharsets.US_ASCII))
		.toArray(byte[][]::new);

	private final byte[] data;

	private final int maxValues;

	private final int maxDepth;

	private final Mode mode;

	private int pos;

	private Object[] stack = new Object[16];

	private int size;

	private int[] marks = new int[8];

	private int markCount;

	/** Made at the first memo opcode: a pickle of ours has none. */
	private Map<Integer, Object> memo = Map.of();

	private long produced;

	/**
	 * Set once a value is pushed a second time (DUP, a memo recall): only then can the
	 * finished value hold one value in two places (or in itself).
	 */
	private boolean shared;

	private PickleReader(byte[] data, int maxValues, int maxDepth, Mode mode) {
		this.data = data;
		this.maxValues = maxValues;
		this.maxDepth = maxDepth;
		this.mode = mode;
	}

	/**
	 * The value one pickle holds.
	 * @throws SerializationException when it is not a pickle this reader accepts, or over
	 * a bound
	 */
	static Object read(byte[] data, int maxValues, int maxDepth, Mode mode) {
		if (data == null || data.length == 0) {
			throw fail("an empty payload is not a pickle");
		}
		PickleReader reader = new PickleReader(data, maxValues, maxDepth, mode);
		try {
			return reader.run();
		}
		catch (StackOverflowError ex) {
			throw fail("a pickle nested too deeply");
		}
	}

	private Object run() {
		if ((this.data[0] & 0xFF) != Opcodes.PROTO) {
			throw fail("not a pickle of protocol 2 or later (it does not start with PROTO)");
		}
		while (true) {
			int offset = this.pos;
			if (this.pos >= this.data.length) {
				throw fail("a pickle that ends before STOP");
			}
			int op = this.data[this.pos++] & 0xFF;
			switch (op) {
				case Opcodes.PROTO -> {
					int protocol = u8();
					if (protocol < 2 || protocol > 5) {
						throw fail("pickle protocol " + protocol + "; protocols 2 to 5 are read");
					}
				}
				case Opcodes.FRAME -> length(8, "FRAME");
				case Opcodes.STOP -> {
					return stop();
				}
				case Opcodes.MARK -> mark();
				case Opcodes.POP -> {
					if (this.size > markFloor()) {
						this.size--;
					}
					else {
						popMark();
					}
				}
				case Opcodes.POP_MARK -> popMark();
				case Opcodes.DUP -> {
					this.shared = true;
					push(peek());
				}
				case Opcodes.NONE -> push(null);
				case Opcodes.NEWTRUE -> push(Boolean.TRUE);
				case Opcodes.NEWFALSE -> push(Boolean.FALSE);
				case Opcodes.BININT -> push(le(4));
				case Opcodes.BININT1 -> push(u8());
				case Opcodes.BININT2 -> push(u8() | (u8() << 8));
				case Opcodes.LONG1 -> push(integer(length(1, "LONG1")));
				case Opcodes.LONG4 -> push(integer(length(4, "LONG4")));
				case Opcodes.BINFLOAT -> push(Double.longBitsToDouble(bigEndianLong()));
				case Opcodes.SHORT_BINUNICODE -> push(utf8(length(1, "SHORT_BINUNICODE")));
				case Opcodes.BINUNICODE -> push(utf8(length(4, "BINUNICODE")));
				case Opcodes.BINUNICODE8 -> push(utf8(length(8, "BINUNICODE8")));
				case Opcodes.SHORT_BINBYTES -> push(take(length(1, "SHORT_BINBYTES")));
				case Opcodes.BINBYTES -> push(take(length(4, "BINBYTES")));
				case Opcodes.BINBYTES8 -> push(take(length(8, "BINBYTES8")));
				case Opcodes.BYTEARRAY8 -> push(take(length(8, "BYTEARRAY8")));
				case Opcodes.EMPTY_LIST -> push(new ArrayList<>());
				case Opcodes.EMPTY_DICT -> push(new LinkedHashMap<>());
				case Opcodes.EMPTY_SET -> push(new LinkedHashSet<>());
				case Opcodes.EMPTY_TUPLE -> push(tuple(List.of()));
				case Opcodes.TUPLE1 -> push(tuple(popValues(1)));
				case Opcodes.TUPLE2 -> push(tuple(popValues(2)));
				case Opcodes.TUPLE3 -> push(tuple(popValues(3)));
				case Opcodes.TUPLE -> push(tuple(popMark()));
				case Opcodes.LIST -> push(new ArrayList<>(popMark()));
				case Opcodes.DICT -> {
					Map<Object, Object> dict = new LinkedHashMap<>();
					putAll(dict, popMark());
					push(dict);
				}
				case Opcodes.FROZENSET -> push(frozenset(popMark()));
				case Opcodes.APPEND -> {
					Object item = value(pop());
					list(peek(), "APPEND").add(item);
				}
				case Opcodes.APPENDS -> {
					int from = unmark();
					List<Object> list = list(below(from), "APPENDS");
					for (int i = from; i < this.size; i++) {
						list.add(value(this.stack[i]));
						this.stack[i] = null;
					}
					this.size = from;
				}
				case Opcodes.SETITEM -> {
					Object item = value(pop());
					Object key = value(pop());
					putAll(dict(peek(), "SETITEM"), Arrays.asList(key, item));
				}
				case Opcodes.SETITEMS -> {
					int from = unmark();
					Map<Object, Object> dict = dict(below(from), "SETITEMS");
					if ((this.size - from) % 2 != 0) {
						throw fail("a dict with a key and no value");
					}
					for (int i = from; i < this.size; i += 2) {
						put(dict, value(this.stack[i]), value(this.stack[i + 1]));
						this.stack[i] = null;
						this.stack[i + 1] = null;
					}
					this.size = from;
				}
				case Opcodes.ADDITEMS -> {
					List<Object> items = popMark();
					Object target = peek();
					if (!(target instanceof LinkedHashSet)) {
						throw fail("ADDITEMS to " + describe(target) + ", not a set");
					}
					@SuppressWarnings("unchecked")
					Set<Object> set = (Set<Object>) target;
					for (Object item : items) {
						set.add(key(item));
					}
				}
				case Opcodes.MEMOIZE -> memoize(this.memo.size());
				case Opcodes.BINPUT -> memoize(u8());
				case Opcodes.LONG_BINPUT -> memoize(le(4));
				case Opcodes.BINGET -> push(recall(u8()));
				case Opcodes.LONG_BINGET -> push(recall(le(4)));
				case Opcodes.GLOBAL -> push(global());
				case Opcodes.STACK_GLOBAL -> {
					Object name = pop();
					Object module = pop();
					if (!(module instanceof String m) || !(name instanceof String n)) {
						throw fail(
								"STACK_GLOBAL of " + describe(module) + " and " + describe(name) + ", not two strings");
					}
					push(PythonGlobals.global(m, n));
				}
				case Opcodes.REDUCE -> {
					Object args = pop();
					Object callable = pop();
					push(reduce(callable, args));
				}
				case Opcodes.NEWOBJ -> {
					Object args = pop();
					Object cls = pop();
					push(newObject(cls, args, null));
				}
				case Opcodes.NEWOBJ_EX -> {
					Object kwargs = pop();
					Object args = pop();
					Object cls = pop();
					push(newObject(cls, args, kwargs));
				}
				case Opcodes.BUILD -> {
					Object state = pop();
					build(peek(), state);
				}
				case Opcodes.PERSID, Opcodes.BINPERSID -> throw fail("a persistent id (opcode " + Opcodes.name(op)
						+ " at offset " + offset + "); persistent ids are never resolved");
				case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 -> throw fail(
						"an extension code (opcode " + Opcodes.name(op) + " at offset " + offset + "); never resolved");
				case Opcodes.INST, Opcodes.OBJ -> throw fail("opcode " + Opcodes.name(op) + " at offset " + offset
						+ ", which constructs a class by name; never done");
				case Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER ->
					throw fail("an out-of-band buffer (opcode " + Opcodes.name(op) + " at offset " + offset + ")");
				default -> throw fail("opcode " + Opcodes.name(op) + " at offset " + offset
						+ ", which this reader does not accept (protocol 0 and 1 opcodes and unknown ones are refused)");
			}
		}
	}

	private Object stop() {
		if (this.markCount != 0 || this.size != 1) {
			throw fail(
					"STOP with " + this.size + " values and " + this.markCount + " marks on the stack, not one value");
		}
		if (this.pos != this.data.length) {
			throw fail((this.data.length - this.pos) + " bytes after STOP");
		}
		Object result = value(this.stack[0]);
		if (this.shared || this.produced > this.maxDepth) {
			walk(result, this.maxValues);
		}
		// else the walk cannot fail, so it is not done: with no value pushed twice, every
		// value in the result was pushed once, so it holds at most the values produced
		// (already within maxValues) and nests no deeper than their number
		return result;
	}

	// ---- the stack

	private void push(Object value) {
		if (++this.produced > this.maxValues) {
			throw fail("more than " + this.maxValues + " values");
		}
		if (this.size == this.stack.length) {
			this.stack = Arrays.copyOf(this.stack, this.size * 2);
		}
		this.stack[this.size++] = value;
	}

	private Object pop() {
		if (this.size <= markFloor()) {
			throw fail("an opcode that takes a value from an empty stack");
		}
		Object value = this.stack[--this.size];
		this.stack[this.size] = null;
		return value;
	}

	private Object peek() {
		if (this.size <= markFloor()) {
			throw fail("an opcode that needs a value on an empty stack");
		}
		return this.stack[this.size - 1];
	}

	private int markFloor() {
		return (this.markCount == 0) ? 0 : this.marks[this.markCount - 1];
	}

	private void mark() {
		if (this.markCount == this.marks.length) {
			this.marks = Arrays.copyOf(this.marks, this.markCount * 2);
		}
		this.marks[this.markCount++] = this.size;
	}

	/**
	 * Removes the last mark and returns where its values start, leaving them on the stack
	 * for the caller to take (and clear).
	 */
	private int unmark() {
		if (this.markCount == 0) {
			throw fail("an opcode that needs a MARK, with none on the stack");
		}
		return this.marks[--this.markCount];
	}

	/**
	 * The value just below {@code from}, as {@link #peek()} after the values are taken.
	 */
	private Object below(int from) {
		if (from <= markFloor()) {
			throw fail("an opcode that needs a value on an empty stack");
		}
		return this.stack[from - 1];
	}

	/** The values above the last mark, checked to be values, and the mark removed. */
	private List<Object> popMark() {
		if (this.markCount == 0) {
			throw fail("an opcode that needs a MARK, with none on the stack");
		}
		int from = this.marks[--this.markCount];
		List<Object> values = new ArrayList<>(this.size - from);
		for (int i = from; i < this.size; i++) {
			values.add(value(this.stack[i]));
			this.stack[i] = null;
		}
		this.size = from;
		return values;
	}

	private List<Object> popValues(int count) {
		if (this.size - markFloor() < count) {
			throw fail("a TUPLE" + count + " with fewer than " + count + " values on the stack");
		}
		Object[] values = new Object[count];
		for (int i = count - 1; i >= 0; i--) {
			values[i] = value(pop());
		}
		return Arrays.asList(values);
	}

	private void memoize(int index) {
		if (index < 0) {
			throw fail("a memo index over 2^31");
		}
		if (this.memo.size() >= this.maxValues && !this.memo.containsKey(index)) {
			throw fail("a memo of more than " + this.maxValues + " entries");
		}
		Object value = peek();
		if (this.memo.isEmpty()) {
			this.memo = new HashMap<>();
		}
		this.memo.put(index, value);
	}

	private Object recall(int index) {
		this.shared = true;
		Object value = this.memo.get(index);
		if (value == null && !this.memo.containsKey(index)) {
			throw fail("memo entry " + Integer.toUnsignedString(index) + " is read before it is written");
		}
		return value;
	}

	// ---- building values

	private void putAll(Map<Object, Object> dict, List<Object> items) {
		if (items.size() % 2 != 0) {
			throw fail("a dict with a key and no value");
		}
		for (int i = 0; i < items.size(); i += 2) {
			put(dict, items.get(i), items.get(i + 1));
		}
	}

	private void put(Map<Object, Object> dict, Object key, Object item) {
		Object checked = key(key);
		if (((Object) dict) instanceof PickledObject && !(checked instanceof String)) {
			throw fail("an object attribute named by " + describe(checked) + ", not a string");
		}
		dict.put(checked, item);
	}

	@SuppressWarnings("unchecked")
	private Map<Object, Object> dict(Object target, String op) {
		if (target instanceof LinkedHashMap<?, ?> map) {
			return (Map<Object, Object>) map;
		}
		throw fail(op + " on " + describe(target) + ", not a dict");
	}

	@SuppressWarnings("unchecked")
	private List<Object> list(Object target, String op) {
		if (target instanceof ArrayList<?> list) {
			return (List<Object>) list;
		}
		throw fail(op + " on " + describe(target) + ", not a list");
	}

	private static List<Object> tuple(List<Object> values) {
		return Collections.unmodifiableList(values);
	}

	private Set<Object> frozenset(List<Object> items) {
		Set<Object> set = new LinkedHashSet<>();
		for (Object item : items) {
			set.add(key(item));
		}
		return Collections.unmodifiableSet(set);
	}

	/** Set elements from a REDUCE of {@code set} or {@code frozenset}. */
	Set<Object> setOf(Object items, boolean frozen) {
		Set<Object> set = new LinkedHashSet<>();
		if (items instanceof List<?> list) {
			for (Object item : list) {
				set.add(key(item));
			}
		}
		else if (items instanceof Set<?> other) {
			set.addAll(other);
		}
		else {
			throw fail("a set made of " + describe(items));
		}
		return frozen ? Collections.unmodifiableSet(set) : set;
	}

	/**
	 * A dict key or set element: hashable as Python requires (no list, dict or set, no
	 * object), checked with a bounded walk before Java hashes it.
	 */
	private Object key(Object key) {
		// the keys of nearly every dict: tested against their final classes first, not
		// against the interfaces below (a negative test against an interface scans the
		// class's supertypes each time on JDK 17)
		if (key instanceof String || key instanceof Long || key instanceof Boolean || key instanceof Double) {
			return key;
		}
		value(key);
		if (key instanceof List<?> || key instanceof Set<?>) {
			if (key instanceof ArrayList<?> || key instanceof LinkedHashSet<?>) {
				throw fail("a list or set as a dict key or set element (unhashable in Python)");
			}
			long remaining = this.maxValues - this.produced;
			this.produced += walk(key, remaining);
		}
		else if (key instanceof Map<?, ?> || key instanceof PickledException) {
			throw fail("a dict or object as a dict key or set element (unhashable in Python)");
		}
		return key;
	}

	private Object reduce(Object callable, Object args) {
		if (!(callable instanceof PythonGlobals.Global global)) {
			throw fail("REDUCE of " + describe(callable) + ", not a global");
		}
		if (!(args instanceof List<?> list) || args instanceof ArrayList<?>) {
			throw fail("REDUCE of " + global + " with " + describe(args) + ", not a tuple");
		}
		@SuppressWarnings("unchecked")
		List<Object> arguments = (List<Object>) list;
		if (PythonGlobals.isListed(global)) {
			return PythonGlobals.construct(global, arguments, this);
		}
		if (this.mode == Mode.ERROR) {
			for (Object argument : arguments) {
				if (argument instanceof Map<?, ?> || argument instanceof Set<?> || argument instanceof ArrayList<?>) {
					throw fail("an exception " + global + " with a container argument; only plain values are read");
				}
			}
			return new PickledException(global.module(), global.name(), arguments);
		}
		throw fail("REDUCE of " + global + ", which is not one of the globals this reader knows; nothing is called");
	}

	private Object newObject(Object cls, Object args, Object kwargs) {
		if (!(cls instanceof PythonGlobals.Global global)) {
			throw fail("NEWOBJ of " + describe(cls) + ", not a class");
		}
		if (PythonGlobals.isListed(global)) {
			throw fail("NEWOBJ of " + global + ", which is only read from REDUCE");
		}
		if (!(args instanceof List<?> list) || !list.isEmpty()
				|| (kwargs != null && (!(kwargs instanceof Map<?, ?> map) || !map.isEmpty()))) {
			throw fail("NEWOBJ of " + global + " with arguments; only instances built from their state are read");
		}
		return new PickledObject(global.module(), global.name());
	}

	private void build(Object target, Object state) {
		Map<?, ?> dict;
		Map<?, ?> slots = null;
		if (state instanceof Map<?, ?> map) {
			dict = map;
		}
		else if (state instanceof List<?> pair && !(state instanceof ArrayList<?>) && pair.size() == 2
				&& (pair.get(0) == null || pair.get(0) instanceof Map<?, ?>)
				&& (pair.get(1) == null || pair.get(1) instanceof Map<?, ?>)) {
			dict = (Map<?, ?>) pair.get(0);
			slots = (Map<?, ?>) pair.get(1);
		}
		else {
			throw fail("BUILD with " + describe(state) + ", not a dict state");
		}
		Map<String, Object> into;
		if (target instanceof PickledObject object) {
			into = object;
		}
		else if (target instanceof PickledException exception) {
			into = exception.state();
		}
		else {
			throw fail("BUILD on " + describe(target) + ", not an object");
		}
		for (Map<?, ?> part : Arrays.asList(dict, slots)) {
			if (part == null) {
				continue;
			}
			for (Map.Entry<?, ?> entry : part.entrySet()) {
				if (!(entry.getKey() instanceof String name)) {
					throw fail("an object attribute named by " + describe(entry.getKey()) + ", not a string");
				}
				into.put(name, entry.getValue());
			}
		}
	}

	/** The value itself, after checking that it is not a bare global. */
	private static Object value(Object value) {
		if (value instanceof PythonGlobals.Global global) {
			throw fail("a global (" + global + ") used as a value");
		}
		return value;
	}

	/**
	 * How many values {@code root} holds, every shared reference counted as often as it
	 * is reached; refused over {@code budget} or nested deeper than the depth bound.
	 * Iterative, so a deep value cannot overflow the Java stack.
	 */
	private long walk(Object root, long budget) {
		long count = 0;
		ArrayList<java.util.Iterator<?>> path = new ArrayList<>();
		Object current = root;
		while (true) {
			if (++count > budget) {
				throw fail("more than " + this.maxValues + " values, counting each shared reference (a memo bomb or a "
						+ "cycle)");
			}
			java.util.Iterator<?> children = children(current);
			if (children != null) {
				if (path.size() >= this.maxDepth) {
					throw fail("values nested deeper than " + this.maxDepth);
				}
				path.add(children);
			}
			current = null;
			boolean found = false;
			while (!path.isEmpty()) {
				java.util.Iterator<?> last = path.get(path.size() - 1);
				if (last.hasNext()) {
					current = last.next();
					found = true;
					break;
				}
				path.remove(path.size() - 1);
			}
			if (!found) {
				return count;
			}
		}
	}

	private static java.util.Iterator<?> children(Object value) {
		if (value instanceof Map<?, ?> map) {
			return new KeysAndValues(map.entrySet().iterator());
		}
		if (value instanceof java.util.Collection<?> collection) {
			return collection.iterator();
		}
		if (value instanceof PickledException exception) {
			return java.util.stream.Stream.concat(exception.args().stream(), exception.state().values().stream())
				.iterator();
		}
		return null;
	}

	/** A map's keys and values, each key before its value. */
	private static final class KeysAndValues implements java.util.Iterator<Object> {

		private final java.util.Iterator<? extends Map.Entry<?, ?>> entries;

		private Object value;

		private boolean valueNext;

		KeysAndValues(java.util.Iterator<? extends Map.Entry<?, ?>> entries) {
			this.entries = entries;
		}

		@Override
		public boolean hasNext() {
			return this.valueNext || this.entries.hasNext();
		}

		@Override
		public Object next() {
			if (this.valueNext) {
				this.valueNext = false;
				Object next = this.value;
				this.value = null;
				return next;
			}
			Map.Entry<?, ?> entry = this.entries.next();
			this.value = entry.getValue();
			this.valueNext = true;
			return entry.getKey();
		}

	}

	// ---- reading bytes

	private int u8() {
		need(1);
		return this.data[this.pos++] & 0xFF;
	}

	/** A little-endian signed 32-bit integer. */
	private int le(int bytes) {
		need(bytes);
		int value = 0;
		for (int i = 0; i < bytes; i++) {
			value |= (this.data[this.pos++] & 0xFF) << (8 * i);
		}
		return value;
	}

	/** A big-endian 64-bit value (BINFLOAT's bits). */
	private long bigEndianLong() {
		need(8);
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value = (value << 8) | (this.data[this.pos++] & 0xFF);
		}
		return value;
	}

	/**
	 * A length of {@code width} bytes (little-endian, unsigned), checked against the
	 * bytes left before anything is allocated.
	 */
	private int length(int width, String op) {
		need(width);
		long length = 0;
		for (int i = 0; i < width; i++) {
			long b = this.data[this.pos++] & 0xFF;
			if (i == 7 && b > 0x7F) {
				length = Long.MAX_VALUE; // beyond 2^63: more than any frame
				break;
			}
			length |= b << (8 * i);
		}
		int left = this.data.length - this.pos;
		if (length > left) {
			throw fail(op + " declares " + Long.toUnsignedString(length) + " bytes with " + left + " left");
		}
		return (int) length;
	}

	private void need(int bytes) {
		if (this.data.length - this.pos < bytes) {
			throw fail("a pickle cut short at offset " + this.pos);
		}
	}

	private byte[] take(int length) {
		need(length);
		byte[] bytes = Arrays.copyOfRange(this.data, this.pos, this.pos + length);
		this.pos += length;
		return bytes;
	}

	private Object integer(int length) {
		if (length > MAX_INT_BYTES) {
			throw fail("an int of " + length + " bytes; at most " + MAX_INT_BYTES + " (about 1000 digits) are read");
		}
		if (length == 0) {
			return 0;
		}
		byte[] bigEndian = new byte[length];
		for (int i = 0; i < length; i++) {
			bigEndian[length - 1 - i] = this.data[this.pos + i];
		}
		this.pos += length;
		return PythonGlobals.smallest(new BigInteger(bigEndian));
	}

	private String utf8(int length) {
		if (length <= 7) {
			for (int k = 0; k < KNOWN_UTF8.length; k++) {
				if (KNOWN_UTF8[k].length == length && startsWith(KNOWN_UTF8[k])) {
					this.pos += length;
					return KNOWN_STRINGS[k];
				}
			}
		}
		int end = this.pos + length;
		int i = this.pos;
		while (i < end && this.data[i] >= 0) {
			i++;
		}
		if (i == end) {
			// all ASCII, which is valid UTF-8 as it is: no decoder needed
			String text = new String(this.data, this.pos, length, StandardCharsets.ISO_8859_1);
			this.pos = end;
			return text;
		}
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(this.data, this.pos, length))
				.toString();
			this.pos += length;
			return text;
		}
		catch (CharacterCodingException ex) {
			throw fail("a str that is not valid UTF-8 at offset " + this.pos);
		}
	}

	/** GLOBAL's two lines as a global, the REQUEST's own read at once. */
	private PythonGlobals.Global global() {
		if (startsWith(CALL_REQUEST_LINES)) {
			this.pos += CALL_REQUEST_LINES.length;
			return CALL_REQUEST;
		}
		return PythonGlobals.global(line(), line());
	}

	/** Whether the bytes at the position are {@code expected}; the position stays. */
	private boolean startsWith(byte[] expected) {
		return Arrays.equals(this.data, this.pos, Math.min(this.pos + expected.length, this.data.length), expected, 0,
				expected.length);
	}

	/**
	 * A newline-terminated ASCII line (GLOBAL's module and name).
	 */
	private String line() {
		int end = this.pos;
		while (end < this.data.length && this.data[end] != '\n') {
			end++;
		}
		if (end == this.data.length) {
			throw fail("a GLOBAL name with no end of line");
		}
		String text = new String(this.data, this.pos, end - this.pos, StandardCharsets.US_ASCII);
		this.pos = end + 1;
		return text;
	}

	static String describe(Object value) {
		if (value == null) {
			return "None";
		}
		if (value instanceof PythonGlobals.Global global) {
			return "the global " + global;
		}
		if (value instanceof PickledObject object) {
			return "an instance of " + object.getQualifiedName();
		}
		if (value instanceof List<?>) {
			return (value instanceof ArrayList<?>) ? "a list" : "a tuple";
		}
		if (value instanceof Map<?, ?>) {
			return "a dict";
		}
		if (value instanceof Set<?>) {
			return "a set";
		}
		if (value instanceof byte[]) {
			return "bytes";
		}
		if (value instanceof String) {
			return "a str";
		}
		return "a " + value.getClass().getSimpleName();
	}

	static SerializationException fail(String reason) {
		return new SerializationException("Not a pickle patio reads: " + reason, null);
	}

}
