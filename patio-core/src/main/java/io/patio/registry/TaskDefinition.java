package io.patio.registry;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import io.patio.serializer.WireMapper;
import org.jspecify.annotations.Nullable;

/**
 * One registered task: its name, the method that implements it and the object it runs on.
 * Argument binding is prepared when the definition is made, so calls only convert what
 * needs converting.
 */
public final class TaskDefinition {

	private final String name;

	private final Object target;

	private final Method method;

	private final boolean async;

	private final boolean mayReturnStage;

	private final boolean inline;

	private final ArgumentBinder binder;

	private final TaskInvoker invoker;

	private final int index;

	private final boolean needsCallContext;

	TaskDefinition(String name, Object target, Method method, int index) {
		this.index = index;
		this.name = name;
		this.target = target;
		this.method = method;
		this.async = CompletionStage.class.isAssignableFrom(method.getReturnType());
		this.mayReturnStage = mayHoldStage(method.getReturnType());
		PatioTask annotation = Contracts.findPatioTask(method);
		this.inline = annotation != null && annotation.inline();
		this.binder = new ArgumentBinder(name, method, WireMapper.json());
		this.invoker = TaskInvokers.of(method);
		this.needsCallContext = this.binder.needsCallContext();
	}

	/** The name callers use. */
	public String getName() {
		return this.name;
	}

	/**
	 * The task's position in its registry, from 0 in the order of registration; executors
	 * use it to keep per-task counters without a lookup by name.
	 */
	public int getIndex() {
		return this.index;
	}

	/** The object the method runs on; {@code null} for a static method. */
	public @Nullable Object getTarget() {
		return this.target;
	}

	public Method getMethod() {
		return this.method;
	}

	/** Whether the method returns a {@link CompletionStage}. */
	public boolean isAsync() {
		return this.async;
	}

	/**
	 * Whether the task runs on the thread that delivers its call
	 * ({@link PatioTask#inline()}).
	 */
	public boolean isInline() {
		return this.inline;
	}

	/**
	 * Whether a result of the method may be a {@link CompletionStage}: its declared type
	 * is one, or a type that a stage could extend or implement. Executors test results
	 * for a stage only then: testing an object against an interface it does not implement
	 * costs more than the rest of a small task's call.
	 */
	public boolean mayReturnStage() {
		return this.mayReturnStage;
	}

	static boolean mayHoldStage(Class<?> type) {
		if (type.isPrimitive() || type.isArray()) {
			return false; // a primitive result is boxed by the invoker: never a stage
		}
		return CompletionStage.class.isAssignableFrom(type) || !Modifier.isFinal(type.getModifiers());
	}

	/**
	 * The Java target, {@code Class#method(params)}, for logs and the Actuator endpoint.
	 */
	public String describe() {
		return describe(this.method);
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "#" + method.getName() + "("
				+ Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
				+ ")";
	}

	/**
	 * Binds the arguments to the method's parameters.
	 * @throws io.patio.BadArgumentsException when they do not fit
	 */
	public Object[] bind(Object[] args, Map<String, ?> kwargs) {
		return this.binder.bind(args, kwargs);
	}

	/**
	 * Binds the arguments, and the call's headers and remaining budget to the parameters
	 * annotated {@link io.patio.client.Header @Header} and
	 * {@link io.patio.client.Timeout @Timeout}.
	 * @throws io.patio.BadArgumentsException when they do not fit
	 */
	public Object[] bind(Object[] args, Map<String, ?> kwargs, Map<String, String> headers, java.time.Duration budget) {
		return this.binder.bind(args, kwargs, headers, budget);
	}

	/** See {@link ArgumentBinder#directType}. */
	tools.jackson.databind.JavaType directType(int index) {
		return this.binder.directType(index);
	}

	/** Whether {@link #directType} gives a type for some argument. */
	boolean bindsAnyDirectly() {
		return this.binder.bindsAnyDirectly();
	}

	/**
	 * Whether some parameter binds to the call's headers or its budget, so that an
	 * executor passes them to {@link #bind(Object[], Map, Map, java.time.Duration)}.
	 */
	public boolean needsCallContext() {
		return this.needsCallContext;
	}

	/**
	 * Runs the method with arguments from {@link #bind}. The method's own exception is
	 * thrown as it is, not wrapped.
	 */
	public Object invoke(Object[] boundArgs) throws Throwable {
		return this.invoker.invoke(this.target, boundArgs);
	}

	static boolean isStatic(Method method) {
		return Modifier.isStatic(method.getModifiers());
	}

	@Override
	public String toString() {
		return this.name + " -> " + describe();
	}

}
