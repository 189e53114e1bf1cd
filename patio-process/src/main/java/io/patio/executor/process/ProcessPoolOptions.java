package io.patio.executor.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.patio.InvalidOptionException;

// Longer than 400 lines because it is an immutable options value and its builder: each
// setting appears four times, with its Javadoc and its check.
/**
 * How a {@link ProcessPoolPatioExecutor} starts and manages its worker JVMs. Every worker
 * is started with the parent's own {@code java} and class path:
 * {@code java <jvmOptions> -cp <classPath> <workerMainClass> <workerArguments>}.
 */
public final class ProcessPoolOptions {

	private final int maxWorkers;

	private final int tasksPerWorker;

	private final long recycleAfter;

	private final Duration startupTimeout;

	private final List<String> jvmOptions;

	private final int queueCapacity;

	private final String workerMainClass;

	private final List<String> workerArguments;

	private final Map<String, String> environment;

	private final String javaCommand;

	private final String classPath;

	private final Duration stopGrace;

	private final Duration restartDelay;

	private final Duration restartMaxDelay;

	private final WorkerSettings workerSettings;

	private final boolean enableNativeAccess;

	private ProcessPoolOptions(Builder builder) {
		this.maxWorkers = builder.maxWorkers;
		this.tasksPerWorker = builder.tasksPerWorker;
		this.recycleAfter = builder.recycleAfter;
		this.startupTimeout = builder.startupTimeout;
		this.jvmOptions = List.copyOf(builder.jvmOptions);
		this.queueCapacity = builder.queueCapacity;
		this.workerMainClass = builder.workerMainClass;
		this.workerArguments = List.copyOf(builder.workerArguments);
		this.environment = Map.copyOf(builder.environment);
		this.javaCommand = (builder.javaCommand != null) ? builder.javaCommand : currentJava();
		this.classPath = (builder.classPath != null) ? builder.classPath : System.getProperty("java.class.path");
		this.stopGrace = builder.stopGrace;
		this.restartDelay = builder.restartDelay;
		this.restartMaxDelay = builder.restartMaxDelay;
		this.workerSettings = new WorkerSettings(
				builder.inheritSystemProperties ? WorkerSettings.commandLineSystemProperties() : Map.of(),
				builder.applicationArguments, builder.workerProperties);
		try {
			// fail here, not at each worker's start, when they are too large
			this.workerSettings.writeTo(java.io.OutputStream.nullOutputStream());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.enableNativeAccess = builder.enableNativeAccess;
	}

	/**
	 * The worker's whole command line: {@code java <jvmOptions> -cp <classPath>
	 * <workerMainClass> <workerArguments>}, with
	 * {@code --enable-native-access=ALL-UNNAMED} first unless turned off or given in the
	 * JVM options. It holds nothing of {@link #getWorkerSettings()}.
	 */
	public List<String> workerCommand() {
		List<String> command = new ArrayList<>();
		command.add(this.javaCommand);
		if (this.enableNativeAccess && this.jvmOptions.stream()
			.noneMatch((option) -> option.startsWith("--enable-native-access")
					|| option.startsWith("--illegal-native-access"))) {
			command.add(NATIVE_ACCESS);
		}
		command.addAll(this.jvmOptions);
		command.add("-cp");
		command.add(this.classPath);
		command.add(this.workerMainClass);
		command.addAll(this.workerArguments);
		return command;
	}

	/**
	 * Lets code in the class path (Netty's native transports) load native libraries
	 * without the warning of JDK 24 and later; JDK 17 accepts it too.
	 */
	static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

	public static Builder builder() {
		return new Builder();
	}

	/** The {@code java} launcher of this JVM, so that workers run the same runtime. */
	static String currentJava() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	/** Worker processes kept running (default 4). */
	public int getMaxWorkers() {
		return this.maxWorkers;
	}

	/** Calls one worker runs at once (default 1); also its thread pool's size. */
	public int getTasksPerWorker() {
		return this.tasksPerWorker;
	}

	/**
	 * Tasks after which a worker is replaced by a fresh one; 0 (the default) means never.
	 */
	public long getRecycleAfter() {
		return this.recycleAfter;
	}

	/**
	 * How long a new worker may take to connect back and advertise its tasks (default 30
	 * s).
	 */
	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	/**
	 * Options put before the class path on the workers' command line, e.g.
	 * {@code -Xmx256m}.
	 */
	public List<String> getJvmOptions() {
		return this.jvmOptions;
	}

	/**
	 * Calls that may wait in the parent for a free worker (default 10 000), as for the
	 * thread pool: with 0 a call runs on a free worker at once or is rejected.
	 */
	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	/** The worker's main class (default {@link ProcessWorker}). */
	public String getWorkerMainClass() {
		return this.workerMainClass;
	}

	/**
	 * Arguments after the main class: for {@link ProcessWorker}, the registry factory's
	 * class name.
	 */
	public List<String> getWorkerArguments() {
		return this.workerArguments;
	}

	/**
	 * Extra environment variables of the workers (never put secrets on their command
	 * line).
	 */
	public Map<String, String> getEnvironment() {
		return this.environment;
	}

	public String getJavaCommand() {
		return this.javaCommand;
	}

	public String getClassPath() {
		return this.classPath;
	}

	/** How long a stopping worker may take to exit before it is killed (default 5 s). */
	public Duration getStopGrace() {
		return this.stopGrace;
	}

	/**
	 * The first back-off after a worker died during startup (default 500 ms); it doubles
	 * each time.
	 */
	public Duration getRestartDelay() {
		return this.restartDelay;
	}

	/** The cap of the startup back-off (default 30 s). */
	public Duration getRestartMaxDelay() {
		return this.restartMaxDelay;
	}

	/**
	 * What each worker gets through its stdin, never its command line: the parent's
	 * {@code -D} properties (unless {@link Builder#inheritSystemProperties(boolean)} is
	 * off), the application arguments and the worker properties.
	 */
	public WorkerSettings getWorkerSettings() {
		return this.workerSettings;
	}

	/**
	 * Whether workers get {@code --enable-native-access=ALL-UNNAMED} (default true).
	 */
	public boolean isEnableNativeAccess() {
		return this.enableNativeAccess;
	}

	public static final class Builder {

		private int maxWorkers = 4;

		private int tasksPerWorker = 1;

		private long recycleAfter;

		private Duration startupTimeout = Duration.ofSeconds(30);

		private final List<String> jvmOptions = new ArrayList<>();

		private int queueCapacity = 10_000;

		private String workerMainClass = ProcessWorker.class.getName();

		private final List<String> workerArguments = new ArrayList<>();

		private final Map<String, String> environment = new LinkedHashMap<>();

		private String javaCommand;

		private String classPath;

		private Duration stopGrace = Duration.ofSeconds(5);

		private Duration restartDelay = Duration.ofMillis(500);

		private Duration restartMaxDelay = Duration.ofSeconds(30);

		private boolean inheritSystemProperties = true;

		private final List<String> applicationArguments = new ArrayList<>();

		private final Map<String, String> workerProperties = new LinkedHashMap<>();

		private boolean enableNativeAccess = true;

		private Builder() {
		}

		/**
		 * Whether each worker gets this JVM's {@code -D} properties (default true),
		 * through its stdin; a {@code -D} in {@link #jvmOptions} wins over the parent's.
		 */
		public Builder inheritSystemProperties(boolean inherit) {
			this.inheritSystemProperties = inherit;
			return this;
		}

		/**
		 * Arguments handed to each worker through its stdin (the Spring Boot starter
		 * passes the application's command-line arguments); {@link ProcessWorker} ignores
		 * them.
		 */
		public Builder applicationArguments(List<String> arguments) {
			this.applicationArguments.clear();
			this.applicationArguments.addAll(arguments);
			return this;
		}

		/**
		 * Properties handed to each worker through its stdin, for worker mains that read
		 * them (the Spring Boot starter's); {@link ProcessWorker} ignores them.
		 */
		public Builder workerProperties(Map<String, String> properties) {
			this.workerProperties.clear();
			this.workerProperties.putAll(properties);
			return this;
		}

		/**
		 * Whether workers get {@code --enable-native-access=ALL-UNNAMED} (default true),
		 * so that JDK 24 and later do not warn when Netty loads its native transport. It
		 * is left out anyway when {@link #jvmOptions} has an
		 * {@code --enable-native-access} option of its own.
		 */
		public Builder enableNativeAccess(boolean enable) {
			this.enableNativeAccess = enable;
			return this;
		}

		public Builder maxWorkers(int maxWorkers) {
			this.maxWorkers = atLeastOne(maxWorkers, "max-workers");
			return this;
		}

		public Builder tasksPerWorker(int tasksPerWorker) {
			this.tasksPerWorker = atLeastOne(tasksPerWorker, "tasks-per-worker");
			return this;
		}

		/** 0 means never. */
		public Builder recycleAfter(long recycleAfter) {
			if (recycleAfter < 0) {
				throw new InvalidOptionException("recycle-after",
						"recycle-after must be 0 (never) or more, not " + recycleAfter);
			}
			this.recycleAfter = recycleAfter;
			return this;
		}

		public Builder startupTimeout(Duration startupTimeout) {
			this.startupTimeout = positive(startupTimeout, "startup-timeout");
			return this;
		}

		public Builder jvmOptions(List<String> jvmOptions) {
			this.jvmOptions.clear();
			this.jvmOptions.addAll(jvmOptions);
			return this;
		}

		public Builder jvmOptions(String... jvmOptions) {
			return jvmOptions(List.of(jvmOptions));
		}

		/**
		 * Calls that may wait for a free worker; 0 means none wait: a call that finds no
		 * free worker (all busy, or none ready yet) is rejected, as with the thread pool.
		 */
		public Builder queueCapacity(int queueCapacity) {
			if (queueCapacity < 0) {
				throw new InvalidOptionException("queue-capacity",
						"queue-capacity must be 0 (no queue) or more, not " + queueCapacity);
			}
			this.queueCapacity = queueCapacity;
			return this;
		}

		/**
		 * Plain-Java workers: {@link ProcessWorker} builds its registry with this
		 * factory.
		 */
		public Builder registryFactory(Class<? extends RegistryFactory> factory) {
			return registryFactory(factory.getName());
		}

		/**
		 * Plain-Java workers: {@link ProcessWorker} builds its registry with the factory
		 * of this name.
		 */
		public Builder registryFactory(String factoryClassName) {
			this.workerMainClass = ProcessWorker.class.getName();
			this.workerArguments.clear();
			this.workerArguments.add(Objects.requireNonNull(factoryClassName, "factoryClassName"));
			return this;
		}

		/**
		 * Another worker main class (the Spring Boot starter uses its own); it reads
		 * {@link WorkerEnvironment}.
		 */
		public Builder workerMain(String mainClass, List<String> arguments) {
			this.workerMainClass = Objects.requireNonNull(mainClass, "mainClass");
			this.workerArguments.clear();
			this.workerArguments.addAll(arguments);
			return this;
		}

		public Builder environment(String name, String value) {
			this.environment.put(name, value);
			return this;
		}

		public Builder javaCommand(String javaCommand) {
			this.javaCommand = javaCommand;
			return this;
		}

		public Builder classPath(String classPath) {
			this.classPath = classPath;
			return this;
		}

		public Builder stopGrace(Duration stopGrace) {
			this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
			return this;
		}

		public Builder restartDelay(Duration restartDelay) {
			this.restartDelay = positive(restartDelay, "restart-delay");
			return this;
		}

		public Builder restartMaxDelay(Duration restartMaxDelay) {
			this.restartMaxDelay = positive(restartMaxDelay, "restart-max-delay");
			return this;
		}

		public ProcessPoolOptions build() {
			if (this.workerArguments.isEmpty() && ProcessWorker.class.getName().equals(this.workerMainClass)) {
				throw new IllegalStateException("Name the registry factory the workers build their tasks with:"
						+ " ProcessPoolOptions.builder().registryFactory(MyTasksFactory.class)");
			}
			return new ProcessPoolOptions(this);
		}

		private static int atLeastOne(int value, String name) {
			if (value < 1) {
				throw new InvalidOptionException(name, name + " must be at least 1, not " + value);
			}
			return value;
		}

		private static Duration positive(Duration value, String name) {
			if (value == null || value.isZero() || value.isNegative()) {
				throw new InvalidOptionException(name, name + " must be a positive duration, not " + value);
			}
			return value;
		}

	}

}
