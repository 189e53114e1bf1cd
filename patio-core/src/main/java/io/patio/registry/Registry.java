package io.patio.registry;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.patio.RegistryLockedException;
import io.patio.UnknownTaskException;
import io.patio.serializer.ArgumentTypes;
import org.jspecify.annotations.Nullable;

// Longer than 400 lines because registration, naming (generated names and contracts'
// names) and the resolution of method references share the task map and the caches that
// the lock freezes, and are the registry's whole API.
/**
 * Names to task functions, like the Python original's {@code Registry}. A task is a
 * method and the object it runs on, registered under an explicit name or under a
 * generated one: {@code [project.]<fully qualified class>.<method>}, plus a digest of the
 * method's bytecode when the registry is strict. The {@code project} prefixes generated
 * names only.
 * <p>
 * The first broker that starts {@linkplain #lock() locks} the registry; registering after
 * that fails with {@link RegistryLockedException}.
 */
public final class Registry {

	private final String project;

	private final boolean autoNaming;

	private final boolean strict;

	private final Map<String, TaskDefinition> tasks = new ConcurrentHashMap<>();

	private final Map<String, TaskDefinition> view = Collections.unmodifiableMap(this.tasks);

	private final ArgumentTypes argumentTypes = new ArgumentTypes() {

		@Override
		public tools.jackson.databind.JavaType positional(String task, int index) {
			TaskDefinition definition = Registry.this.tasks.get(task);
			return (definition != null) ? definition.directType(index) : null;
		}

		@Override
		public boolean bindsAny(String task) {
			TaskDefinition definition = Registry.this.tasks.get(task);
			return definition != null && definition.bindsAnyDirectly();
		}

	};

	private final Map<Class<?>, Method> references = new ConcurrentHashMap<>();

	/**
	 * Names of method references, once the registry is locked and they can no longer
	 * change.
	 */
	private final Map<Class<?>, String> referenceNames = new ConcurrentHashMap<>();

	private volatile boolean locked;

	/** A registry with no project, auto-naming on and strict off. */
	public Registry() {
		this(null, true, false);
	}

	/** A registry whose generated names start with {@code project}. */
	public Registry(@Nullable String project) {
		this(project, true, false);
	}

	private Registry(String project, boolean autoNaming, boolean strict) {
		this.project = (project != null && !project.isBlank()) ? project : null;
		this.autoNaming = autoNaming;
		this.strict = strict;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The namespace of generated names, or {@code null}. */
	public @Nullable String getProject() {
		return this.project;
	}

	public boolean isAutoNaming() {
		return this.autoNaming;
	}

	public boolean isStrict() {
		return this.strict;
	}

	/**
	 * Registers {@code method} of {@code target} under {@code name}, or under a generated
	 * name when {@code name} is {@code null} or empty.
	 * @param target the object to call the method on; {@code null} for a static method
	 * @return the new definition
	 * @throws IllegalArgumentException on a duplicate name, a method that cannot be a
	 * task, or a missing name when auto-naming is off
	 * @throws RegistryLockedException once a broker has started
	 */
	public TaskDefinition register(@Nullable String name, @Nullable Object target, Method method) {
		Objects.requireNonNull(method, "method");
		if (this.locked) {
			throw new RegistryLockedException(name,
					"The registry is locked because a broker has started; cannot register "
							+ ((name != null && !name.isEmpty()) ? "task '" + name + "'"
									: TaskDefinition.describe(method))
							+ ". Register every task before the first broker starts.");
		}
		checkCallable(target, method);
		String taskName = (name == null || name.isEmpty()) ? generatedName(method) : name;
		TaskDefinition existing;
		TaskDefinition definition;
		synchronized (this.tasks) {
			definition = new TaskDefinition(taskName, target, method, this.tasks.size());
			existing = this.tasks.putIfAbsent(taskName, definition);
		}
		if (existing != null) {
			throw new IllegalArgumentException("Duplicate task name '" + taskName + "': already registered for "
					+ existing.describe() + ", cannot register it again for " + definition.describe()
					+ ". Give one of them another name.");
		}
		return definition;
	}

	/** Registers {@code method} of {@code target} under a generated name. */
	public TaskDefinition register(@Nullable Object target, Method method) {
		return register(null, target, method);
	}

	/**
	 * Registers the method called {@code methodName} of {@code target} under {@code name}
	 * (or a generated name when {@code null}). The method must not be overloaded.
	 */
	public TaskDefinition register(String name, Object target, String methodName) {
		Objects.requireNonNull(target, "target");
		Class<?> type = target.getClass();
		List<Method> candidates = new ArrayList<>();
		for (Method method : type.getMethods()) {
			if (method.getName().equals(methodName) && !method.isBridge() && !method.isSynthetic()) {
				candidates.add(method);
			}
		}
		if (candidates.isEmpty()) {
			throw new IllegalArgumentException("No public method '" + methodName + "' on " + type.getName());
		}
		if (candidates.size() > 1) {
			throw new IllegalArgumentException("Method '" + methodName + "' of " + type.getName()
					+ " is overloaded; register the overload you want with register(name, target, Method)");
		}
		return register(name, target, candidates.get(0));
	}

	/**
	 * Registers the tasks of {@code bean}: the methods of every contract interface
	 * ({@link io.patio.client.PatioClient @PatioClient}) it implements, under the
	 * contract's names, and every other method that carries {@link PatioTask}, on the
	 * method or on a method it overrides (in a superclass or an interface), directly or
	 * as a meta-annotation, as Spring's scanner finds them. Spring applications do not
	 * need this: the starter scans beans.
	 */
	public List<TaskDefinition> registerAnnotated(Object bean) {
		List<TaskDefinition> registered = new ArrayList<>(registerContracts(bean));
		Method[] methods = bean.getClass().getMethods();
		Arrays.sort(methods, (a, b) -> a.toString().compareTo(b.toString()));
		for (Method method : methods) {
			if (method.isBridge() || method.isSynthetic()) {
				continue;
			}
			PatioTask annotation = Contracts.findPatioTask(method);
			if (annotation != null && !implementsContractUnderName(method, annotation.value())) {
				registered
					.add(register(annotation.value(), Modifier.isStatic(method.getModifiers()) ? null : bean, method));
			}
		}
		return registered;
	}

	/**
	 * Registers the methods of every contract interface that {@code bean} implements,
	 * each under {@link #taskNameOf(Method) its contract name}; the interface's method is
	 * what runs, on the bean, so its parameters' annotations and names bind the call.
	 */
	public List<TaskDefinition> registerContracts(Object bean) {
		List<TaskDefinition> registered = new ArrayList<>();
		for (Class<?> contract : Contracts.contractsOf(bean.getClass())) {
			for (Method method : Contracts.taskMethodsOf(contract)) {
				String name = taskNameOf(method);
				TaskDefinition existing = this.tasks.get(name);
				if (existing != null && existing.getTarget() == bean && existing.getMethod().equals(method)) {
					continue; // a method that two contracts inherit from one interface
				}
				registered.add(register(name, bean, method));
			}
		}
		return registered;
	}

	/**
	 * Whether {@code method} implements a contract method that is registered under the
	 * name an annotation on it gives (an empty name: the contract's own), so that
	 * annotating an implementation again adds no second task.
	 */
	public boolean implementsContractUnderName(Method method, String name) {
		Method contractMethod = Contracts.contractMethodOf(method);
		return contractMethod != null && (name.isEmpty() || name.equals(taskNameOf(contractMethod)));
	}

	/**
	 * The task name of a method: its {@link PatioTask @PatioTask} value when it has one,
	 * else its {@link #generatedName(Method) generated name}. For a contract's method,
	 * that is the name that both its callers and its workers use.
	 */
	public String taskNameOf(Method method) {
		PatioTask annotation = Contracts.findPatioTask(method);
		return (annotation != null && !annotation.value().isEmpty()) ? annotation.value() : generatedName(method);
	}

	/**
	 * The generated name of a method: {@code [project.]<class>.<method>[.<digest>]},
	 * where the class is the one that declares the method (for a contract's method, the
	 * interface) and the project is the registry's, or the contract's own
	 * {@link io.patio.client.PatioClient#project()}. The digest of a strict registry is
	 * that of the method's bytecode, or of its signature for an abstract method, which
	 * has no bytecode. Overloaded methods have no generated name.
	 */
	public String generatedName(Method method) {
		if (!this.autoNaming) {
			throw new IllegalArgumentException("Auto-naming is off for this registry, so task "
					+ TaskDefinition.describe(method) + " needs an explicit name");
		}
		Class<?> type = method.getDeclaringClass();
		for (Method other : type.getDeclaredMethods()) {
			if (other.getName().equals(method.getName()) && !other.equals(method) && !other.isBridge()
					&& !other.isSynthetic()) {
				throw new IllegalArgumentException("Method '" + method.getName() + "' of " + type.getName()
						+ " is overloaded, so it has no generated name; give each overload an explicit task name");
			}
		}
		StringBuilder name = new StringBuilder();
		String contractProject = Contracts.projectOf(method);
		String prefix = (contractProject != null) ? contractProject : this.project;
		if (prefix != null) {
			name.append(prefix).append('.');
		}
		name.append(type.getName()).append('.').append(method.getName());
		if (this.strict) {
			name.append('.')
				.append(Modifier.isAbstract(method.getModifiers()) ? Contracts.signatureDigest(method)
						: BytecodeDigest.of(method));
		}
		return name.toString();
	}

	/** A read-only view of the tasks by name. */
	public Map<String, TaskDefinition> asMap() {
		return this.view;
	}

	/**
	 * The types this registry's tasks bind their positional arguments to, for a
	 * serializer that binds them while it reads a call
	 * ({@link io.patio.serializer.Serializer#decodeCall(byte[], ArgumentTypes)}): a
	 * parameter that is a record or a bean of the application's, at a place that binds
	 * only by position. The tasks registered later are included.
	 */
	public ArgumentTypes argumentTypes() {
		return this.argumentTypes;
	}

	public Optional<TaskDefinition> find(String name) {
		return Optional.ofNullable(this.tasks.get(name));
	}

	/**
	 * The task called {@code name}.
	 * @throws UnknownTaskException when there is none
	 */
	public TaskDefinition resolve(String name) {
		TaskDefinition task = this.tasks.get(name);
		if (task == null) {
			throw new UnknownTaskException(name,
					"Unknown task '" + name + "'" + ((this.project != null) ? " in project '" + this.project + "'" : "")
							+ "; registered tasks: " + new java.util.TreeSet<>(this.tasks.keySet()));
		}
		return task;
	}

	/** The task a method reference points at, by its generated name. */
	public TaskDefinition resolve(TaskReference reference) {
		return resolve(nameOf(reference));
	}

	/**
	 * The name of the task that a method reference points at, such as
	 * {@code MathTasks::mul}: the name it is registered under here (an explicit
	 * {@code @PatioTask("mul")} included), or else its generated name, which needs no
	 * instance of the task's class, so that a process that only calls can use it.
	 * @throws IllegalArgumentException when the method is registered under several names
	 * and none is its generated one
	 */
	public String nameOf(TaskReference reference) {
		if (this.locked) {
			return this.referenceNames.computeIfAbsent(reference.getClass(), (type) -> nameOf(methodOf(reference)));
		}
		return nameOf(methodOf(reference));
	}

	private String nameOf(Method method) {
		List<String> registered = new ArrayList<>();
		for (TaskDefinition task : this.tasks.values()) {
			if (sameMethod(task.getMethod(), method)) {
				registered.add(task.getName());
			}
		}
		if (registered.size() == 1) {
			return registered.get(0);
		}
		if (registered.isEmpty()) {
			return generatedName(method);
		}
		String generated = this.autoNaming ? generatedName(method) : null;
		if (registered.contains(generated)) {
			return generated;
		}
		java.util.Collections.sort(registered);
		throw new IllegalArgumentException(TaskDefinition.describe(method) + " is registered under several names "
				+ registered + "; call it by one of them");
	}

	/**
	 * The same method, also when one side was taken from a subclass or a proxy of the
	 * other.
	 */
	private static boolean sameMethod(Method a, Method b) {
		return a.equals(b)
				|| a.getName().equals(b.getName()) && Arrays.equals(a.getParameterTypes(), b.getParameterTypes())
						&& (a.getDeclaringClass().isAssignableFrom(b.getDeclaringClass())
								|| b.getDeclaringClass().isAssignableFrom(a.getDeclaringClass()));
	}

	/** The method that a method reference points at. */
	public Method methodOf(TaskReference reference) {
		return this.references.computeIfAbsent(reference.getClass(), (type) -> referencedMethod(reference));
	}

	private static Method referencedMethod(TaskReference reference) {
		SerializedLambda lambda;
		try {
			Method writeReplace = reference.getClass().getDeclaredMethod("writeReplace");
			writeReplace.setAccessible(true);
			lambda = (SerializedLambda) writeReplace.invoke(reference);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalArgumentException(
					"Not a method reference: " + reference + "; pass a reference such as MathTasks::mul", ex);
		}
		if (lambda.getImplMethodName().startsWith("lambda$")) {
			throw new IllegalArgumentException(
					"A lambda is not a task reference; pass a method reference such as " + "MathTasks::mul");
		}
		if (lambda.getCapturedArgCount() > 0) {
			throw new IllegalArgumentException(
					"Bound method references (bean::method) are not task references;" + " use the unbound form "
							+ lambda.getImplClass().replace('/', '.') + "::" + lambda.getImplMethodName());
		}
		String className = lambda.getImplClass().replace('/', '.');
		try {
			Class<?> type = Class.forName(className, false, reference.getClass().getClassLoader());
			for (Class<?> c = type; c != null; c = c.getSuperclass()) {
				for (Method method : c.getDeclaredMethods()) {
					if (method.getName().equals(lambda.getImplMethodName())
							&& org.objectweb.asm.Type.getMethodDescriptor(method)
								.equals(lambda.getImplMethodSignature())) {
						return method;
					}
				}
			}
			throw new IllegalArgumentException("Cannot find method " + lambda.getImplMethodName() + " on " + className);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalArgumentException("Cannot load " + className + " for task reference", ex);
		}
	}

	private static void checkCallable(Object target, Method method) {
		boolean isStatic = TaskDefinition.isStatic(method);
		if (!isStatic && target == null) {
			throw new IllegalArgumentException(
					"Task method " + TaskDefinition.describe(method) + " is an instance method, so it needs a target");
		}
		if (!isStatic && !method.getDeclaringClass().isInstance(target)) {
			throw new IllegalArgumentException(
					"Target " + target.getClass().getName() + " has no method " + TaskDefinition.describe(method));
		}
		if (method.getDeclaringClass().isInterface() && isStatic) {
			return;
		}
		if (Modifier.isAbstract(method.getModifiers()) && target == null) {
			throw new IllegalArgumentException("Task method " + TaskDefinition.describe(method) + " is abstract");
		}
	}

	/** Stops all registration; brokers call it when they start. Cannot be undone. */
	public void lock() {
		this.locked = true;
	}

	public boolean isLocked() {
		return this.locked;
	}

	@Override
	public String toString() {
		return "Registry[project=" + this.project + ", tasks=" + this.tasks.size() + ", locked=" + this.locked + "]";
	}

	/** Builds a {@link Registry}. */
	public static final class Builder {

		private String project;

		private boolean autoNaming = true;

		private boolean strict;

		private Builder() {
		}

		/** The namespace that prefixes generated names. */
		public Builder project(@Nullable String project) {
			this.project = project;
			return this;
		}

		/** Whether tasks may be registered with no name (default true). */
		public Builder autoNaming(boolean autoNaming) {
			this.autoNaming = autoNaming;
			return this;
		}

		/**
		 * Whether generated names end with a digest of the method's bytecode (default
		 * false).
		 */
		public Builder strict(boolean strict) {
			this.strict = strict;
			return this;
		}

		public Registry build() {
			return new Registry(this.project, this.autoNaming, this.strict);
		}

	}

}
