package io.patio.call;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

/**
 * A call with every option: the task, the result type, positional and keyword arguments,
 * a timeout for this call and headers. Build one with {@link #of(String, Class)} and pass
 * it to {@link io.patio.broker.PatioBroker#call(Call)}.
 *
 * @param <T> the result type
 */
public final class Call<T> {

	private final String task;

	private final Type resultType;

	private static final Object[] NO_ARGS = {};

	private Object[] args = NO_ARGS;

	private Map<String, Object> kwargs = Map.of();

	private Duration timeout;

	private Map<String, String> headers = Map.of();

	private Call(String task, Type resultType) {
		this.task = Objects.requireNonNull(task, "task");
		this.resultType = Objects.requireNonNull(resultType, "resultType");
	}

	/** A call of {@code task} whose result converts to {@code resultType}. */
	public static <T> Call<T> of(String task, Class<T> resultType) {
		return new Call<>(task, resultType);
	}

	/**
	 * A call of {@code task} whose result converts to a generic type, e.g.
	 * {@code List<Point>}.
	 */
	public static <T> Call<T> of(String task, TypeReference<T> resultType) {
		return new Call<>(task, resultType.getType());
	}

	/**
	 * A call of {@code task} whose result converts to {@code resultType}, a {@link Class}
	 * or a generic type read from a method's signature.
	 */
	public static <T> Call<T> of(String task, Type resultType) {
		return new Call<>(task, resultType);
	}

	/** Positional arguments, bound to the task's parameters in order. */
	public Call<T> args(Object... args) {
		this.args = (args != null) ? args : NO_ARGS;
		return this;
	}

	/** One keyword argument, bound to the task's parameter of that name. */
	public Call<T> kwarg(String name, Object value) {
		if (this.kwargs.isEmpty()) {
			this.kwargs = new LinkedHashMap<>();
		}
		this.kwargs.put(name, value);
		return this;
	}

	/** Keyword arguments, bound by parameter name. */
	public Call<T> kwargs(Map<String, ?> kwargs) {
		this.kwargs = new LinkedHashMap<>(kwargs);
		return this;
	}

	/** This call's time budget, instead of the broker's default. */
	public Call<T> timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/** A header carried with the call, such as a W3C {@code traceparent}. */
	public Call<T> header(String name, String value) {
		if (this.headers.isEmpty()) {
			this.headers = new LinkedHashMap<>();
		}
		this.headers.put(name, value);
		return this;
	}

	public String getTask() {
		return this.task;
	}

	public Type getResultType() {
		return this.resultType;
	}

	public Object[] getArgs() {
		return this.args;
	}

	public Map<String, Object> getKwargs() {
		return this.kwargs;
	}

	/** This call's own timeout, or {@code null} for the broker's default. */
	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	@Override
	public String toString() {
		return "Call[" + this.task + ", args=" + this.args.length + ", kwargs=" + this.kwargs.keySet() + "]";
	}

}
