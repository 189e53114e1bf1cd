package io.patio.serializer.pickle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.patio.serializer.pickle.PickleReader.describe;
import static io.patio.serializer.pickle.PickleReader.fail;

/**
 * The globals a pickle may name that the reader turns into values: {@code set},
 * {@code frozenset}, {@code bytes}, {@code bytearray}, {@code _codecs.encode} (how
 * protocol 2 writes {@code bytes}), {@code collections.OrderedDict}, the {@code datetime}
 * types and {@code decimal.Decimal}. Each is built here by code of ours from its
 * arguments; no Python name is ever resolved to a Java class or method.
 */
final class PythonGlobals {

	/** A global named in a pickle: only ever a name. */
	record Global(String module, String name) {

		@Override
		public String toString() {
			return this.module + "." + this.name;
		}

	}

	private static final Set<Global> LISTED = listed("builtins.set", "builtins.frozenset", "builtins.bytes",
			"builtins.bytearray", "_codecs.encode", "collections.OrderedDict", "datetime.datetime", "datetime.date",
			"datetime.time", "datetime.timedelta", "datetime.timezone", "decimal.Decimal");

	/** Python 2 module names that protocol 2 pickles use, as Python 3 maps them. */
	private static final Map<String, String> PYTHON2_MODULES = Map.of("__builtin__", "builtins", "exceptions",
			"builtins", "copy_reg", "copyreg");

	private static final int MAX_DECIMAL_LENGTH = 1000;

	private static final int MAX_DECIMAL_EXPONENT = 1000;

	private PythonGlobals() {
	}

	static Global global(String module, String name) {
		if (module.length() > 256 || name.length() > 256 || !isDottedName(module) || !isDottedName(name)) {
			throw fail("a global with a name that is not a Python name");
		}
		return new Global(PYTHON2_MODULES.getOrDefault(module, module), name);
	}

	/**
	 * Whether {@code text} is a dotted Python name in ASCII:
	 * {@code [A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*}, checked without a
	 * regular expression (every REQUEST names its class).
	 */
	static boolean isDottedName(String text) {
		boolean atStart = true;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '.') {
				if (atStart) {
					return false;
				}
				atStart = true;
			}
			else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') {
				atStart = false;
			}
			else if (c < '0' || c > '9' || atStart) {
				return false;
			}
		}
		return !atStart;
	}

	private static Set<Global> listed(String... qualifiedNames) {
		Set<Global> globals = new java.util.HashSet<>();
		for (String qualified : qualifiedNames) {
			int dot = qualified.lastIndexOf('.');
			globals.add(new Global(qualified.substring(0, dot), qualified.substring(dot + 1)));
		}
		return Set.copyOf(globals);
	}

	static boolean isListed(Global global) {
		return LISTED.contains(global);
	}

	static Object construct(Global global, List<Object> args, PickleReader reader) {
		try {
			return switch (global.toString()) {
				case "builtins.set" -> reader.setOf(args.isEmpty() ? List.of() : only(global, args), false);
				case "builtins.frozenset" -> reader.setOf(args.isEmpty() ? List.of() : only(global, args), true);
				case "builtins.bytes", "builtins.bytearray" -> bytes(global, args);
				case "_codecs.encode" -> latin1(global, args);
				case "collections.OrderedDict" -> orderedDict(global, args);
				case "datetime.datetime" -> dateTime(global, args);
				case "datetime.date" -> date(global, args);
				case "datetime.time" -> time(global, args);
				case "datetime.timedelta" -> timedelta(global, args);
				case "datetime.timezone" -> timezone(global, args);
				case "decimal.Decimal" -> decimal(global, args);
				default -> throw fail("REDUCE of " + global);
			};
		}
		catch (DateTimeException | ArithmeticException ex) {
			throw fail(global + " with arguments Java cannot hold: " + ex.getMessage());
		}
	}

	/** The smallest of Integer, Long and BigInteger that holds {@code value}. */
	static Number smallest(BigInteger value) {
		int bits = value.bitLength();
		if (bits < 32) {
			return value.intValue();
		}
		if (bits < 64) {
			return value.longValue();
		}
		return value;
	}

	private static Object only(Global global, List<Object> args) {
		if (args.size() != 1) {
			throw fail(global + " with " + args.size() + " arguments");
		}
		return args.get(0);
	}

	private static byte[] bytes(Global global, List<Object> args) {
		if (args.isEmpty()) {
			return new byte[0];
		}
		if (args.size() == 1 && args.get(0) instanceof byte[] bytes) {
			return bytes;
		}
		return latin1(global, args);
	}

	/** {@code (str, 'latin1')}: how protocol 2 carries bytes. */
	private static byte[] latin1(Global global, List<Object> args) {
		if (args.size() != 2 || !(args.get(0) instanceof String text) || !(args.get(1) instanceof String encoding)
				|| !(encoding.equals("latin1") || encoding.equals("latin-1"))) {
			throw fail(global + " with arguments other than (str, 'latin1')");
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) > 0xFF) {
				throw fail(global + " of a str that is not latin-1");
			}
		}
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static Object orderedDict(Global global, List<Object> args) {
		if (!args.isEmpty()) {
			throw fail(global + " with arguments");
		}
		return new LinkedHashMap<>();
	}

	private static Object dateTime(Global global, List<Object> args) {
		if (!args.isEmpty() && args.get(0) instanceof byte[] state) {
			if (state.length != 10 || args.size() > 2) {
				throw fail(global + " with a state of " + state.length + " bytes");
			}
			LocalDateTime local = LocalDateTime.of(year(state), state[2] & 0x7F, state[3] & 0xFF, state[4] & 0xFF,
					state[5] & 0xFF, state[6] & 0xFF, micros(state, 7) * 1000);
			return withZone(global, local, (args.size() == 2) ? args.get(1) : null);
		}
		int[] fields = ints(global, args, 3, 7);
		LocalDateTime local = LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
				fields[6] * 1000);
		return withZone(global, local, (args.size() == 8) ? args.get(7) : null);
	}

	private static Object withZone(Global global, LocalDateTime local, Object tzinfo) {
		if (tzinfo == null) {
			return local;
		}
		if (tzinfo instanceof ZoneOffset offset) {
			return OffsetDateTime.of(local, offset);
		}
		throw fail(global + " with a tzinfo that is " + describe(tzinfo) + "; only datetime.timezone offsets are read");
	}

	private static Object date(Global global, List<Object> args) {
		if (args.size() == 1 && args.get(0) instanceof byte[] state) {
			if (state.length != 4) {
				throw fail(global + " with a state of " + state.length + " bytes");
			}
			return LocalDate.of(year(state), state[2] & 0xFF, state[3] & 0xFF);
		}
		int[] fields = ints(global, args, 3, 3);
		return LocalDate.of(fields[0], fields[1], fields[2]);
	}

	private static Object time(Global global, List<Object> args) {
		LocalTime local;
		Object tzinfo = null;
		if (!args.isEmpty() && args.get(0) instanceof byte[] state) {
			if (state.length != 6 || args.size() > 2) {
				throw fail(global + " with a state of " + state.length + " bytes");
			}
			local = LocalTime.of(state[0] & 0x7F, state[1] & 0xFF, state[2] & 0xFF, micros(state, 3) * 1000);
			tzinfo = (args.size() == 2) ? args.get(1) : null;
		}
		else {
			int[] fields = ints(global, args, 0, 4);
			local = LocalTime.of(fields[0], fields[1], fields[2], fields[3] * 1000);
			tzinfo = (args.size() == 5) ? args.get(4) : null;
		}
		if (tzinfo == null) {
			return local;
		}
		if (tzinfo instanceof ZoneOffset offset) {
			return OffsetTime.of(local, offset);
		}
		throw fail(global + " with a tzinfo that is " + describe(tzinfo));
	}

	private static Object timedelta(Global global, List<Object> args) {
		int[] fields = ints(global, args, 3, 3);
		return Duration.ofDays(fields[0]).plusSeconds(fields[1]).plusNanos(fields[2] * 1000L);
	}

	private static Object timezone(Global global, List<Object> args) {
		if (args.isEmpty() || args.size() > 2 || !(args.get(0) instanceof Duration offset)
				|| (args.size() == 2 && !(args.get(1) instanceof String))) {
			throw fail(global + " with arguments other than (timedelta[, name])");
		}
		if (offset.getNano() != 0 || Math.abs(offset.getSeconds()) > 18 * 3600) {
			throw fail(global + " of " + offset + "; Java holds whole-second offsets up to 18 hours");
		}
		return ZoneOffset.ofTotalSeconds((int) offset.getSeconds());
	}

	private static Object decimal(Global global, List<Object> args) {
		if (args.size() != 1 || !(args.get(0) instanceof String text)) {
			throw fail(global + " with arguments other than (str,)");
		}
		if (text.length() > MAX_DECIMAL_LENGTH) {
			throw fail("a Decimal of " + text.length() + " characters; at most " + MAX_DECIMAL_LENGTH + " are read");
		}
		BigDecimal value;
		try {
			value = new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			throw fail("Decimal('" + text.substring(0, Math.min(text.length(), 32))
					+ "'), which no BigDecimal holds (NaN and infinities do not decode)");
		}
		if (value.signum() == 0 && text.strip().startsWith("-")) {
			throw fail("Decimal('" + text + "'): a negative zero, which no BigDecimal holds");
		}
		if (Math.abs((long) value.scale()) > MAX_DECIMAL_EXPONENT) {
			throw fail("a Decimal with an exponent beyond " + MAX_DECIMAL_EXPONENT);
		}
		return value;
	}

	private static int year(byte[] state) {
		return ((state[0] & 0xFF) << 8) | (state[1] & 0xFF);
	}

	private static int micros(byte[] state, int from) {
		int micros = ((state[from] & 0xFF) << 16) | ((state[from + 1] & 0xFF) << 8) | (state[from + 2] & 0xFF);
		if (micros > 999_999) {
			throw fail("a time with " + micros + " microseconds");
		}
		return micros;
	}

	/** Between {@code min} and {@code max} int arguments, the missing ones 0. */
	private static int[] ints(Global global, List<Object> args, int min, int max) {
		int[] fields = new int[Math.max(max, 1)];
		int count = 0;
		for (Object arg : args) {
			if (count == max) {
				break;
			}
			if (!(arg instanceof Integer value)) {
				throw fail(global + " with " + describe(arg) + " where an int belongs");
			}
			fields[count++] = value;
		}
		if (count < min) {
			throw fail(global + " with " + count + " arguments");
		}
		return fields;
	}

}
