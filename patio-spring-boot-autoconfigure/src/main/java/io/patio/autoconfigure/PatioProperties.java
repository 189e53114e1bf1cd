package io.patio.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of patio under the {@code patio.*} prefix: the registry's naming, the
 * executor that runs tasks in this process and the broker that delivers calls.
 * <p>
 * Every setter checks its value, so a wrong property fails the application at startup
 * with a message that names the property and says what to write instead.
 */
@ConfigurationProperties("patio")
public class PatioProperties {

	/**
	 * Namespace that prefixes generated task names ("[project.]class.method"). Explicit
	 * task names are used as given. Callers and workers must use the same project.
	 */
	private String project;

	/**
	 * Whether a task may be registered with no explicit name; it then gets the generated
	 * name "[project.]fully.qualified.Class.method". When false, every @PatioTask needs a
	 * name.
	 */
	private boolean autoNaming = true;

	/**
	 * Whether generated names end with a digest of the method's bytecode, so that callers
	 * and workers running different versions of a task do not match.
	 */
	private boolean strict = false;

	private final Executor executor = new Executor();

	private final Broker broker = new Broker();

	public String getProject() {
		return this.project;
	}

	public void setProject(String project) {
		this.project = project;
	}

	public boolean isAutoNaming() {
		return this.autoNaming;
	}

	public void setAutoNaming(boolean autoNaming) {
		this.autoNaming = autoNaming;
	}

	public boolean isStrict() {
		return this.strict;
	}

	public void setStrict(boolean strict) {
		this.strict = strict;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Broker getBroker() {
		return this.broker;
	}

	/** The executor that runs tasks in this process ({@code patio.executor.*}). */
	public static class Executor {

		/**
		 * Kind of executor: "thread-pool" runs any task on a bounded pool of threads;
		 * "async" runs only tasks that return a CompletionStage, without a thread each;
		 * "none" runs no tasks (this process only calls).
		 */
		private ExecutorType type = ExecutorType.THREAD_POOL;

		/**
		 * Most calls that run at once: the number of worker threads of the thread-pool
		 * executor, the most stages in flight for the async executor. At least 1.
		 */
		private int maxWorkers = 4;

		/**
		 * Most calls that wait for a free worker; a call beyond that is rejected with
		 * RejectedCallException, never dropped. 0 means no queue.
		 */
		private int queueCapacity = 10_000;

		public ExecutorType getType() {
			return this.type;
		}

		public void setType(ExecutorType type) {
			if (type == null) {
				throw new IllegalArgumentException("patio.executor.type must be one of thread-pool, async, none;"
						+ " note that YAML reads an unquoted 'null' or '~' as no value");
			}
			this.type = type;
		}

		public int getMaxWorkers() {
			return this.maxWorkers;
		}

		public void setMaxWorkers(int maxWorkers) {
			if (maxWorkers < 1) {
				throw new IllegalArgumentException(
						"patio.executor.max-workers must be at least 1, not " + maxWorkers + "; the default is 4");
			}
			this.maxWorkers = maxWorkers;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			if (queueCapacity < 0) {
				throw new IllegalArgumentException("patio.executor.queue-capacity must be 0 (no queue) or more, not "
						+ queueCapacity + "; the default is 10000");
			}
			this.queueCapacity = queueCapacity;
		}

	}

	/** The broker that delivers calls ({@code patio.broker.*}). */
	public static class Broker {

		/**
		 * Kind of broker: "memory" delivers calls to the executor of this process;
		 * "tcp-server" and "tcp-client" connect processes over TCP (not available yet).
		 */
		private BrokerType type = BrokerType.MEMORY;

		/**
		 * Timeout of a call that sets none; the call then fails with TaskTimeoutException.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public BrokerType getType() {
			return this.type;
		}

		public void setType(BrokerType type) {
			if (type == null) {
				throw new IllegalArgumentException("patio.broker.type must be one of memory, tcp-server, tcp-client");
			}
			this.type = type;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException(
						"patio.broker.timeout must be a positive duration such as 30s, not " + timeout);
			}
			this.timeout = timeout;
		}

	}

	/** The kinds of executor, written in lower case with dashes in properties. */
	public enum ExecutorType {

		/** A bounded pool of threads that runs any task. */
		THREAD_POOL,

		/** Runs tasks that return a CompletionStage, without a thread each. */
		ASYNC,

		/** Runs no tasks: this process only calls tasks that run elsewhere. */
		NONE

	}

	/** The kinds of broker, written in lower case with dashes in properties. */
	public enum BrokerType {

		/** Delivers calls to the executor of this process. */
		MEMORY,

		/** Listens for TCP peers (not available yet). */
		TCP_SERVER,

		/** Dials a TCP server (not available yet). */
		TCP_CLIENT;

	}

}
