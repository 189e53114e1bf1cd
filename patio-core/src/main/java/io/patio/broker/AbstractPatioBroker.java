package io.patio.broker;

import io.patio.call.Call;
import io.patio.call.CallTimer;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.patio.BrokerNotStartedException;
import io.patio.InvalidOptionException;
import io.patio.ShuttingDownException;
import io.patio.call.CallRequest;
import io.patio.executor.PatioExecutor;
import io.patio.registry.Registry;
import io.patio.registry.TaskReference;
import org.jspecify.annotations.Nullable;

/**
 * What every broker shares: the life cycle (starting locks the registry and starts the
 * executor), default timeouts, result conversion and calls by method reference.
 * Subclasses only deliver a {@link CallRequest} and return its raw result.
 */
public abstract class AbstractPatioBroker implements PatioBroker, InterceptableBroker {

	/** The default call timeout, as in {@code patio.broker.timeout}. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private final PatioExecutor executor;

	private final Duration defaultTimeout;

	private static final ClassValue<ResultConverter> CLASS_CONVERTERS = new ClassValue<>() {
		@Override
		protected ResultConverter computeValue(Class<?> type) {
			return ResultConverter.of(type);
		}
	};

	/**
	 * Converters of generic result types; plain classes use {@link #CLASS_CONVERTERS}, a
	 * faster lookup.
	 */
	private final Map<Type, ResultConverter> converters = new ConcurrentHashMap<>();

	/**
	 * {@link #dispatch}, made once so that a call through an interceptor allocates no
	 * lambda for it.
	 */
	private final Function<CallRequest, CompletableFuture<Object>> dispatcher = this::dispatch;

	private volatile CallInterceptor callInterceptor;

	private volatile State state = State.NEW;

	/**
	 * Completes when the broker starts; fails when it is closed without having started.
	 */
	private final CompletableFuture<Void> started = new CompletableFuture<>();

	protected AbstractPatioBroker(PatioExecutor executor, @Nullable Duration defaultTimeout) {
		this.executor = Objects.requireNonNull(executor, "executor");
		if (defaultTimeout != null && (defaultTimeout.isNegative() || defaultTimeout.isZero())) {
			throw new InvalidOptionException("timeout",
					"timeout must be a positive duration such as 30s, not " + defaultTimeout);
		}
		this.defaultTimeout = (defaultTimeout != null) ? defaultTimeout : DEFAULT_TIMEOUT;
	}

	@Override
	public Registry getRegistry() {
		return this.executor.getRegistry();
	}

	@Override
	public PatioExecutor getExecutor() {
		return this.executor;
	}

	/** The timeout of calls that set none. */
	public Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	/**
	 * Wraps every call this broker sends from now on, e.g. to observe it or to add
	 * headers; {@code null} removes it. Set it before the broker starts.
	 */
	@Override
	public void setCallInterceptor(@Nullable CallInterceptor callInterceptor) {
		this.callInterceptor = callInterceptor;
	}

	/** The interceptor around this broker's calls, or {@code null}. */
	public @Nullable CallInterceptor getCallInterceptor() {
		return this.callInterceptor;
	}

	@Override
	public final synchronized void start() {
		if (this.state != State.NEW) {
			return;
		}
		getRegistry().lock();
		checkStart();
		this.executor.start();
		doStart();
		this.state = State.RUNNING;
		this.started.complete(null);
	}

	/**
	 * Checks, once the registry is locked and before anything is started, that the broker
	 * can serve it; throws to fail {@link #start()} with nothing to clean up.
	 */
	protected void checkStart() {
	}

	/**
	 * Starts what the broker needs (listeners, connections); the registry is locked by
	 * now.
	 */
	protected void doStart() {
	}

	@Override
	public boolean isRunning() {
		return this.state == State.RUNNING;
	}

	/**
	 * Stops the broker: new calls fail with {@link ShuttingDownException}. The executor
	 * is not shut down here; it may serve other brokers.
	 */
	@Override
	public final synchronized void close() {
		if (this.state == State.CLOSED) {
			return;
		}
		boolean wasRunning = this.state == State.RUNNING;
		this.state = State.CLOSED;
		this.started.completeExceptionally(
				new ShuttingDownException(null, "The " + getType() + " broker was closed before it started"));
		if (wasRunning) {
			doClose();
		}
	}

	/** Releases what {@link #doStart()} took. */
	protected void doClose() {
	}

	@Override
	public <T> CompletableFuture<T> call(Call<T> call) {
		return call(call.getTask(), call.getResultType(), call.getArgs(), call.getKwargs(), call.getTimeout(),
				call.getHeaders());
	}

	/**
	 * The common case with no {@link Call} built: positional arguments and the default
	 * timeout.
	 */
	@Override
	public <T> CompletableFuture<T> call(String task, Class<T> resultType, Object... args) {
		return call(java.util.Objects.requireNonNull(task, "task"),
				java.util.Objects.requireNonNull(resultType, "resultType"), args, null, null, null);
	}

	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<T> call(String task, Type resultType, Object[] args, Map<String, ?> kwargs,
			Duration callTimeout, Map<String, String> headers) {
		State current = this.state;
		if (current == State.CLOSED) {
			return CompletableFuture.failedFuture(closed(task));
		}
		Duration timeout = (callTimeout != null) ? callTimeout : this.defaultTimeout;
		ResultConverter converter = (resultType instanceof Class<?> type) ? CLASS_CONVERTERS.get(type)
				: this.converters.computeIfAbsent(resultType, ResultConverter::of);
		BiFunction<String, Object, Object> mapping = (converter.isIdentity() && !deliversTrees()) ? null
				: converter.asMapping();
		if (current == State.RUNNING && kwargs == null && headers == null && this.callInterceptor == null) {
			CompletableFuture<Object> local = dispatchLocal(task, args, timeout, mapping);
			if (local != null) {
				return (CompletableFuture<T>) local;
			}
		}
		CallRequest request = CallRequest.of(task, args, kwargs, timeout, headers);
		if (current == State.NEW) {
			return (CompletableFuture<T>) whenStarted(request, mapping);
		}
		return (CompletableFuture<T>) send(request, mapping);
	}

	private CompletableFuture<Object> send(CallRequest request, BiFunction<String, Object, Object> mapping) {
		CallInterceptor interceptor = this.callInterceptor;
		if (interceptor == null) {
			return dispatch(request, mapping);
		}
		return interceptor.intercept(request, this,
				(mapping != null) ? (intercepted) -> dispatch(intercepted, mapping) : this.dispatcher);
	}

	/**
	 * A call made before the broker started (e.g. an HTTP request served while the
	 * application is still starting) waits for the start within its own budget, as a call
	 * waits for a peer; then it goes out with what is left of that budget.
	 */
	private CompletableFuture<Object> whenStarted(CallRequest lazyRequest, BiFunction<String, Object, Object> mapping) {
		CallRequest request = lazyRequest.startClock(); // waiting for the start counts
		CompletableFuture<Object> result = new CompletableFuture<>();
		CallTimer.Timeout timer = request.hasDeadline() ? CallTimer
			.schedule(() -> result.completeExceptionally(new BrokerNotStartedException(request.task(),
					"The " + getType() + " broker did not start within the timeout of the call to task '"
							+ request.task()
							+ "'; calls made before it starts wait for it (in Spring, it starts once the application"
							+ " context has started)")),
					request.remainingNanos())
				: null;
		this.started.whenComplete((ignored, failure) -> {
			if (timer != null) {
				timer.cancel();
			}
			if (result.isDone()) {
				return;
			}
			if (failure != null) {
				result.completeExceptionally(failure);
				return;
			}
			send(request, mapping).whenComplete((value, error) -> {
				if (error != null) {
					result.completeExceptionally(io.patio.call.Failures.unwrap(error));
				}
				else {
					result.complete(value);
				}
			});
		});
		return result;
	}

	private ShuttingDownException closed(String task) {
		return new ShuttingDownException(task,
				"The " + getType() + " broker is closed; cannot call task '" + task + "'");
	}

	/**
	 * Delivers a call and applies {@code resultMapping} (the conversion to the caller's
	 * result type, or {@code null} for none) to its result. Brokers whose executor can
	 * apply it as the call completes override this to save a stage.
	 */
	protected CompletableFuture<Object> dispatch(CallRequest request,
			BiFunction<String, Object, Object> resultMapping) {
		CompletableFuture<Object> raw = dispatch(request);
		return (resultMapping != null) ? raw.thenApply((result) -> resultMapping.apply(request.task(), result)) : raw;
	}

	/**
	 * Delivers a call with positional arguments only and no interceptor, without building
	 * a {@link CallRequest}, when the broker can; {@code null} when it cannot (the
	 * default), and the call goes through {@link #dispatch(CallRequest, BiFunction)}.
	 */
	protected CompletableFuture<Object> dispatchLocal(String task, Object[] args, Duration timeout,
			BiFunction<String, Object, Object> resultMapping) {
		return null;
	}

	/**
	 * Whether results arrive as JSON trees (off a wire) rather than Java objects; then
	 * even a caller that asks for {@code Object} gets plain Java values (maps, lists,
	 * numbers). By default, whether the executor's do (a process pool's).
	 */
	protected boolean deliversTrees() {
		return this.executor.deliversTrees();
	}

	/**
	 * Delivers a call. Never throws: every failure completes the future exceptionally
	 * with a {@link io.patio.PatioException}.
	 */
	protected abstract CompletableFuture<Object> dispatch(CallRequest request);

	@Override
	public <R> CompletableFuture<R> callReference(TaskReference task, Object... args) {
		Method method;
		String name;
		try {
			method = getRegistry().methodOf(task);
			name = getRegistry().nameOf(task);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		Call<R> call = Call.of(name, resultTypeOf(method));
		return call(call.args(spreadVarargs(method, args)));
	}

	private static Type resultTypeOf(Method method) {
		Type type = method.getGenericReturnType();
		if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
			return (type instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
					: Object.class;
		}
		return type;
	}

	private static Object[] spreadVarargs(Method method, Object[] args) {
		int count = method.getParameterCount();
		if (!method.isVarArgs() || args.length != count || args[count - 1] == null
				|| !args[count - 1].getClass().isArray()) {
			return args;
		}
		Object array = args[count - 1];
		int length = Array.getLength(array);
		Object[] spread = new Object[count - 1 + length];
		System.arraycopy(args, 0, spread, 0, count - 1);
		for (int i = 0; i < length; i++) {
			spread[count - 1 + i] = Array.get(array, i);
		}
		return spread;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.state + ", executor=" + this.executor.getType() + "]";
	}

	private enum State {

		NEW, RUNNING, CLOSED

	}

}
