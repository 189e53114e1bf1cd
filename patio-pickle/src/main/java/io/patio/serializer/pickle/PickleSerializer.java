package io.patio.serializer.pickle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.patio.BadRequestException;
import io.patio.serializer.CallPayload;
import io.patio.serializer.ErrorPayload;
import io.patio.serializer.SerializationException;
import io.patio.serializer.Serializer;

/**
 * Python's pickle, so that Python patio peers (0.1.x, whose TCP brokers pickle every
 * payload) and ours talk in both roles: {@code patio.broker.tcp.serializer=pickle} in
 * Boot, {@code Serializer.forName("pickle")} in plain Java. Decoded values are plain Java
 * values ({@code null}, {@link Boolean}, {@link Integer}/{@link Long}/
 * {@link java.math.BigInteger}, {@link Double}, {@link String}, {@code byte[]},
 * {@link List}, {@link Map}, {@link java.util.Set}, {@link java.math.BigDecimal},
 * {@code java.time} values, and a {@link PickledObject} for an instance of any other
 * class), which bind to a task's parameters through the same strict rules as JSON.
 * <p>
 * Reading executes and constructs nothing by name, and is bounded (see
 * {@code docs/python-peers.md}). Writing uses protocol 4: {@code byte[]} as
 * {@code bytes}, a REQUEST as the {@code patio.broker.tcp.broker.CallRequest} dataclass,
 * an ERROR as a builtin exception per the error table. Thread-safe.
 */
public final class PickleSerializer implements Serializer {

	/** The name to configure. */
	public static final String NAME = "pickle";

	/** RabbitMQ's {@code content_type} for a pickled body. */
	public static final String CONTENT_TYPE = "application/python-pickle";

	/** How deep values may nest, as in JSON. */
	static final int MAX_DEPTH = 500;

	/** The value budget of a bounded decode never goes below this. */
	static final int MIN_VALUES = 1024;

	/** Frame bytes per value: an honest pickle needs at least two bytes a value. */
	static final int BYTES_PER_VALUE = 2;

	/** The value budget for the brokers' default frame limit, 16 MiB. */
	static final int DEFAULT_MAX_VALUES = 16 * 1024 * 1024 / BYTES_PER_VALUE;

	private static final String CALL_MODULE = "patio.broker.tcp.broker";

	private static final String CALL_CLASS = "CallRequest";

	/** What every REQUEST starts with, up to its state: PROTO, the class, NEWOBJ. */
	private static final byte[] CALL_PREFIX = PickleWriter.objectPrefix(CALL_MODULE, CALL_CLASS);

	private final int maxValues;

	/**
	 * The serializer {@link java.util.ServiceLoader} finds, bounded as for 16 MiB frames.
	 */
	public PickleSerializer() {
		this(DEFAULT_MAX_VALUES);
	}

	private PickleSerializer(int maxValues) {
		this.maxValues = maxValues;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContentType() {
		return CONTENT_TYPE;
	}

	@Override
	public Serializer boundedFor(int maxFrameSize) {
		return new PickleSerializer(Math.max(MIN_VALUES, maxFrameSize / BYTES_PER_VALUE));
	}

	@Override
	public byte[] encode(Object value) {
		return PickleWriter.write(value);
	}

	@Override
	public Object decode(byte[] data) {
		return PickleReader.read(data, this.maxValues, MAX_DEPTH, PickleReader.Mode.VALUE);
	}

	/**
	 * A REQUEST as Python's {@code CallRequest} dataclass; headers only when there are
	 * any.
	 */
	@Override
	public byte[] encodeCall(CallPayload call) {
		PickleWriter.Tuple args = new PickleWriter.Tuple((call.args() != null) ? call.args() : List.of());
		Map<String, ?> kwargs = (call.kwargs() != null) ? call.kwargs() : Map.of();
		if (call.headers() != null && !call.headers().isEmpty()) {
			return PickleWriter.writeObject(CALL_PREFIX, "func", call.func(), "args", args, "kwargs", kwargs, "timeout",
					call.timeout(), "headers", call.headers());
		}
		return PickleWriter.writeObject(CALL_PREFIX, "func", call.func(), "args", args, "kwargs", kwargs, "timeout",
				call.timeout());
	}

	/**
	 * The task and timeout of a REQUEST that starts and ends as {@link #encodeCall}
	 * writes it (and Python pickles it).
	 */
	@Override
	public io.patio.serializer.CallPeek peekCall(byte[] data) {
		return PickledCallPeek.peek(data);
	}

	@Override
	public CallPayload decodeCall(byte[] data) {
		Object value = decodeRequest(data, null);
		if (!(value instanceof PickledObject call) || !CALL_MODULE.equals(call.getModule())
				|| !CALL_CLASS.equals(call.getClassName())) {
			throw badRequest(null,
					"a REQUEST must be a " + CALL_MODULE + "." + CALL_CLASS + ", not " + PickleReader.describe(value));
		}
		if (!(call.get("func") instanceof String func) || func.isEmpty()) {
			throw badRequest(null, "'func' must be a task name, not " + PickleReader.describe(call.get("func")));
		}
		Double timeout = null;
		Object seconds = call.get("timeout");
		if (seconds != null) {
			if (!(seconds instanceof Number number) || !Double.isFinite(number.doubleValue())) {
				throw badRequest(func,
						"'timeout' must be a finite number of seconds or None, not " + PickleReader.describe(seconds));
			}
			timeout = number.doubleValue();
		}
		Map<String, String> headers = Map.of();
		Object headerMap = call.get("headers");
		if (headerMap != null && !(headerMap instanceof Map<?, ?> empty && empty.isEmpty())) {
			headers = new LinkedHashMap<>();
			if (!(headerMap instanceof Map<?, ?> map)) {
				throw badRequest(func, "'headers' must be a dict of str, not " + PickleReader.describe(headerMap));
			}
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getKey() instanceof String name) || !(entry.getValue() instanceof String text)) {
					throw badRequest(func, "'headers' must be a dict of str");
				}
				headers.put(name, text);
			}
		}
		return new CallPayload(func, arguments(call.get("args"), func), keywords(call.get("kwargs"), func), timeout,
				headers);
	}

	/**
	 * {@code {"args": (...), "kwargs": {...}}}: a plain dict, as patio-rabbitmq sends.
	 */
	@Override
	public byte[] encodeArguments(List<?> args, Map<String, ?> kwargs) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("args", new PickleWriter.Tuple((args != null) ? args : List.of()));
		body.put("kwargs", (kwargs != null) ? kwargs : Map.of());
		return PickleWriter.write(body);
	}

	@Override
	public CallPayload decodeArguments(byte[] data) {
		Object value = decodeRequest(data, null);
		if (!(value instanceof Map<?, ?> body) || value instanceof PickledObject) {
			throw badRequest(null,
					"a message body must be a dict of 'args' and 'kwargs', not " + PickleReader.describe(value));
		}
		return new CallPayload(null, arguments(body.get("args"), null), keywords(body.get("kwargs"), null), null, null);
	}

	@Override
	public byte[] encodeError(ErrorPayload error) {
		PythonErrors.PythonError python = PythonErrors.toPython(error.code(), error.type(), error.message(),
				error.exception());
		return PickleWriter.writeReduce("builtins", python.name(),
				(python.message() != null) ? List.of(python.message()) : List.of());
	}

	@Override
	public ErrorPayload decodeError(byte[] data) {
		Object value = PickleReader.read(data, this.maxValues, MAX_DEPTH, PickleReader.Mode.ERROR);
		if (!(value instanceof PickledException exception)) {
			throw new SerializationException(
					"An ERROR must be a pickled exception, not " + PickleReader.describe(value), null);
		}
		PythonErrors.Decoded decoded = PythonErrors.fromPython(exception.module(), exception.className(),
				exception.args());
		return new ErrorPayload(decoded.code(), decoded.type(), decoded.message());
	}

	@Override
	public byte[][] decodeByteStrings(byte[] data, int count) {
		Object value = decode(data);
		if (!(value instanceof List<?> list) || list.size() != count) {
			throw new SerializationException(
					"Expected a tuple of " + count + " bytes, not " + PickleReader.describe(value), null);
		}
		byte[][] values = new byte[count][];
		for (int i = 0; i < count; i++) {
			if (!(list.get(i) instanceof byte[] bytes)) {
				throw new SerializationException("Expected a tuple of " + count + " bytes", null);
			}
			values[i] = bytes;
		}
		return values;
	}

	@Override
	public List<String> decodeStrings(byte[] data, int maxCount, int maxLength) {
		Object value = decode(data);
		if (!(value instanceof List<?> || value instanceof java.util.Set<?>)) {
			throw new SerializationException("Expected a list of str, not " + PickleReader.describe(value), null);
		}
		java.util.Collection<?> list = (java.util.Collection<?>) value;
		if (list.size() > maxCount) {
			throw new SerializationException("More than " + maxCount + " strings", null);
		}
		List<String> values = new ArrayList<>(list.size());
		for (Object item : list) {
			if (!(item instanceof String text)) {
				throw new SerializationException("Expected a list of str", null);
			}
			if (text.length() > maxLength) {
				throw new SerializationException("A string of " + text.length() + " characters, over " + maxLength,
						null);
			}
			values.add(text);
		}
		return values;
	}

	@Override
	public String toString() {
		return "PickleSerializer[maxValues=" + this.maxValues + "]";
	}

	private Object decodeRequest(byte[] data, String task) {
		try {
			return decode(data);
		}
		catch (SerializationException ex) {
			throw badRequest(task, ex.getMessage());
		}
	}

	private static List<?> arguments(Object args, String task) {
		if (args == null) {
			return List.of();
		}
		if (!(args instanceof List<?> list)) {
			throw badRequest(task, "'args' must be a tuple or a list, not " + PickleReader.describe(args));
		}
		return list;
	}

	private static Map<String, ?> keywords(Object kwargs, String task) {
		if (kwargs == null) {
			return Map.of();
		}
		if (!(kwargs instanceof Map<?, ?> map) || kwargs instanceof PickledObject) {
			throw badRequest(task, "'kwargs' must be a dict, not " + PickleReader.describe(kwargs));
		}
		if (map.isEmpty()) {
			return Map.of();
		}
		Map<String, Object> keywords = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (!(entry.getKey() instanceof String name)) {
				throw badRequest(task, "'kwargs' must have str keys, not " + PickleReader.describe(entry.getKey()));
			}
			keywords.put(name, entry.getValue());
		}
		return keywords;
	}

	private static BadRequestException badRequest(String task, String detail) {
		return new BadRequestException(task, "Bad REQUEST: " + detail);
	}

}
