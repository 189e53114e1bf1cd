package io.patio.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

// Longer than 400 lines because it is the whole patio.* tree in one place, as Boot's own
// *Properties classes are: the Javadoc of each field is that property's documentation in
// the configuration metadata, and the nested groups mirror the properties' names.
/**
 * Configuration of patio under the {@code patio.*} prefix: the registry's naming, the
 * executor that runs tasks in this process and the broker that delivers calls.
 * <p>
 * The setters check nothing: the library's options builders own every check, and the
 * auto-configuration reports what they refuse as an invalid property, with its name and
 * what to write instead. Each default here is the library's own, which
 * {@code PatioPropertiesTests} pins.
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

	private final Client client = new Client();

	public @Nullable String getProject() {
		return this.project;
	}

	public void setProject(@Nullable String project) {
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

	public Client getClient() {
		return this.client;
	}

	/**
	 * Typed clients ({@code patio.client.*}), as imported by {@code @ImportPatioClients}.
	 */
	public static class Client {

		/**
		 * Whether to log, once the broker has started and discovery is done, the methods
		 * of imported typed clients that no connected peer offers (a tcp-server, whose
		 * peers come and go, checks nothing).
		 */
		private boolean verify = false;

		public boolean isVerify() {
			return this.verify;
		}

		public void setVerify(boolean verify) {
			this.verify = verify;
		}

	}

	/** The executor that runs tasks in this process ({@code patio.executor.*}). */
	public static class Executor {

		/**
		 * Kind of executor: "thread-pool" runs any task on a bounded pool of threads;
		 * "virtual-threads" runs each call on a virtual thread of its own (Java 21 or
		 * later; the default when spring.threads.virtual.enabled=true there); "async"
		 * runs only tasks that return a CompletionStage, without a thread each; "none"
		 * runs no tasks (this process only calls); "process-pool" runs tasks in
		 * max-workers worker JVMs, for isolation and hard timeouts. A module on the class
		 * path may add a kind.
		 */
		private String type = "thread-pool";

		/**
		 * Most calls that run at once: the number of worker threads of the thread-pool
		 * executor, the most virtual threads of the virtual-threads executor (10,000
		 * unless set), the most stages in flight for the async executor, the number of
		 * worker processes of the process-pool executor. At least 1.
		 */
		private int maxWorkers = 4;

		/**
		 * Most calls that wait for a free worker; a call beyond that is rejected with
		 * RejectedCallException, never dropped. 0 means no queue.
		 */
		private int queueCapacity = 10_000;

		private final Process process = new Process();

		/** The process-pool executor's workers ({@code patio.executor.process.*}). */
		public Process getProcess() {
			return this.process;
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			if (type == null) {
				throw new IllegalArgumentException(
						"patio.executor.type must be one of thread-pool, virtual-threads, async, none, process-pool;"
								+ " note that YAML reads an unquoted 'null' or '~' as no value");
			}
			this.type = type;
		}

		public int getMaxWorkers() {
			return this.maxWorkers;
		}

		public void setMaxWorkers(int maxWorkers) {
			this.maxWorkers = maxWorkers;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * The worker JVMs of the process-pool executor ({@code patio.executor.process.*}).
	 */
	public static class Process {

		/**
		 * JVM options of the worker processes, e.g. -Xmx256m; put before the class path.
		 */
		private List<String> jvmOptions = new ArrayList<>();

		/** Calls one worker process runs at once (its thread pool's size). At least 1. */
		private int tasksPerWorker = 1;

		/**
		 * Tasks after which a worker process is replaced by a fresh one; 0 means never.
		 */
		private long recycleAfter = 0;

		/**
		 * How long a worker process may take to start and connect back before it is
		 * killed and retried.
		 */
		private Duration startupTimeout = Duration.ofSeconds(30);

		/**
		 * The Spring Boot application class the workers start; by default the bean class
		 * annotated with @SpringBootConfiguration (usually @SpringBootApplication).
		 */
		private String applicationClass;

		/**
		 * Set by the process pool in its workers, never by hand: this process is a
		 * worker, so guard runners and other work that must not run once per worker with
		 * it.
		 */
		private boolean worker = false;

		/**
		 * Spring properties of the worker processes only. They rank above everything a
		 * worker inherits from the parent (its command-line arguments, -D properties and
		 * active profiles) and above the -D of jvm-options; only the properties that make
		 * a process a worker rank higher.
		 */
		private Map<String, String> properties = new LinkedHashMap<>();

		public Map<String, String> getProperties() {
			return this.properties;
		}

		public void setProperties(Map<String, String> properties) {
			this.properties = properties;
		}

		public List<String> getJvmOptions() {
			return this.jvmOptions;
		}

		public void setJvmOptions(List<String> jvmOptions) {
			this.jvmOptions = jvmOptions;
		}

		public int getTasksPerWorker() {
			return this.tasksPerWorker;
		}

		public void setTasksPerWorker(int tasksPerWorker) {
			this.tasksPerWorker = tasksPerWorker;
		}

		public long getRecycleAfter() {
			return this.recycleAfter;
		}

		public void setRecycleAfter(long recycleAfter) {
			this.recycleAfter = recycleAfter;
		}

		public Duration getStartupTimeout() {
			return this.startupTimeout;
		}

		public void setStartupTimeout(Duration startupTimeout) {
			this.startupTimeout = startupTimeout;
		}

		public @Nullable String getApplicationClass() {
			return this.applicationClass;
		}

		public void setApplicationClass(@Nullable String applicationClass) {
			this.applicationClass = applicationClass;
		}

		public boolean isWorker() {
			return this.worker;
		}

		public void setWorker(boolean worker) {
			this.worker = worker;
		}

	}

	/** The broker that delivers calls ({@code patio.broker.*}). */
	public static class Broker {

		/**
		 * Kind of broker: "memory" delivers calls to the executor of this process;
		 * "tcp-server" listens for TCP peers and "tcp-client" dials TCP servers (both
		 * call and execute; the roles only say who dials). A module on the class path may
		 * add a kind.
		 */
		private String type = "memory";

		/**
		 * Timeout of a call that sets none; the call then fails with
		 * TaskTimeoutException.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		/**
		 * Whether a call for which no connected peer offers the task waits for one within
		 * its timeout, whatever the state of the connections. Unset, it depends on the
		 * broker: a tcp-server waits for a client that offers the task; a tcp-client
		 * waits only while a configured server has not finished its first attempt
		 * (dialling, handshake, discovery), and otherwise fails at once, with
		 * UnknownTaskException when every server is connected and none offers the task,
		 * with NoPeerException naming each server's state when some are down. The memory
		 * broker never waits.
		 */
		private Boolean waitForPeer;

		private final Tcp tcp = new Tcp();

		public Tcp getTcp() {
			return this.tcp;
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			if (type == null) {
				throw new IllegalArgumentException("patio.broker.type must be one of memory, tcp-server, tcp-client");
			}
			this.type = type;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public @Nullable Boolean getWaitForPeer() {
			return this.waitForPeer;
		}

		public void setWaitForPeer(@Nullable Boolean waitForPeer) {
			this.waitForPeer = waitForPeer;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The TCP brokers ({@code patio.broker.tcp.*}). The key is checked when the broker is
	 * created, not when it is bound, so that no startup failure report prints it.
	 */
	public static class Tcp {

		/**
		 * Shared key (at most 32 bytes in UTF-8) that authenticates clients to servers;
		 * every peer of a project must use the same. Empty: the handshake digest is
		 * unkeyed, which authenticates nothing. Pass it through the environment (e.g.
		 * PATIO_BROKER_TCP_KEY) or a file, never as a command-line argument. Actuator
		 * always masks it, whatever show-values says.
		 */
		private String key = "";

		/**
		 * Addresses a tcp-server listens on, as host:port; IPv6 literals in brackets,
		 * such as [::1]:15383. Port 0 picks a free port.
		 */
		private List<String> listen = new ArrayList<>(List.of("127.0.0.1:15383"));

		/** Servers a tcp-client dials, as host:port; IPv6 literals in brackets. */
		private List<String> connect = new ArrayList<>();

		/**
		 * Wire encoding of payloads: "json", "cbor", or "pickle" (with patio-pickle, to
		 * talk to Python patio peers); every peer must use the same. A module on the
		 * class path may add an encoding.
		 */
		private String serializer = "json";

		/**
		 * Delay before the first reconnect after a connection drops or an attempt fails.
		 */
		private Duration reconnectDelay = Duration.ofSeconds(1);

		/**
		 * Longest delay between reconnect attempts; the delay doubles (with jitter) up to
		 * it.
		 */
		private Duration reconnectMaxDelay = Duration.ofSeconds(30);

		/** How long a peer may take to finish the handshake before it is dropped. */
		private Duration handshakeTimeout = Duration.ofSeconds(5);

		/** How long a connection may read nothing before its peer is pinged. */
		private Duration pingInterval = Duration.ofSeconds(10);

		/**
		 * How long a pinged peer has to answer before it is dropped and its calls fail.
		 */
		private Duration pingTimeout = Duration.ofSeconds(10);

		/**
		 * Largest frame payload sent or accepted after the handshake. A call whose
		 * request is larger fails before it is sent, a result that is larger is answered
		 * 'too-large', and a larger frame from a peer is discarded unread and fails only
		 * its call. Peers do not exchange limits: set the same value on every peer. At
		 * least 256B, and not below handshake-max-frame-size.
		 */
		private DataSize maxFrameSize = DataSize.ofMegabytes(16);

		/**
		 * Largest frame payload accepted before the handshake is over (a handshake packet
		 * is about 100 bytes); a bigger frame closes the connection at once. At least
		 * 256B and at most max-frame-size.
		 */
		private DataSize handshakeMaxFrameSize = DataSize.ofKilobytes(1);

		/**
		 * Most authenticated connections a tcp-server keeps at once, checked when a
		 * client has proved the key: a client over it is answered with an error instead
		 * of AUTH_OK and closed. Connections still in the handshake do not count (see
		 * max-unauthenticated-connections). Unset: no limit.
		 */
		private Integer maxConnections;

		/**
		 * Most connections a tcp-server holds that have not finished the handshake. When
		 * full, a new connection closes the oldest of them, never itself, so idle sockets
		 * cannot keep a client with the key out.
		 */
		private int maxUnauthenticatedConnections = 1024;

		/**
		 * Most connections from one remote address that a tcp-server holds before they
		 * finish the handshake; a new one from that address beyond it is closed at once.
		 */
		private int maxUnauthenticatedPerAddress = 64;

		/**
		 * Most bytes a connection buffers for a peer that reads slower than calls are
		 * made; past it, calls on that connection fail at once with
		 * RejectedCallException.
		 */
		private DataSize maxPendingWrites = DataSize.ofMegabytes(4);

		/**
		 * How long each event loop keeps polling, without sleeping, after it last had
		 * work; 0 (the default) sleeps at once. Calls and answers that arrive within the
		 * window skip a thread wake-up (tens of microseconds on virtual machines), at the
		 * price of up to this much CPU per event loop each time it goes idle. At most
		 * 10ms.
		 */
		private Duration busyPoll = Duration.ZERO;

		/**
		 * Most calls from one peer that run at once on this process; beyond that the
		 * connection stops reading until some finish.
		 */
		private int maxInFlightPerConnection = 1024;

		private final Ssl ssl = new Ssl();

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = (key != null) ? key : "";
		}

		public List<String> getListen() {
			return this.listen;
		}

		public void setListen(List<String> listen) {
			this.listen = listen;
		}

		public List<String> getConnect() {
			return this.connect;
		}

		public void setConnect(List<String> connect) {
			this.connect = connect;
		}

		public String getSerializer() {
			return this.serializer;
		}

		public void setSerializer(String serializer) {
			if (serializer == null) {
				throw new IllegalArgumentException("patio.broker.tcp.serializer must be json, cbor or pickle");
			}
			this.serializer = serializer;
		}

		public Duration getReconnectDelay() {
			return this.reconnectDelay;
		}

		public void setReconnectDelay(Duration reconnectDelay) {
			this.reconnectDelay = reconnectDelay;
		}

		public Duration getReconnectMaxDelay() {
			return this.reconnectMaxDelay;
		}

		public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
			this.reconnectMaxDelay = reconnectMaxDelay;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Duration getPingTimeout() {
			return this.pingTimeout;
		}

		public void setPingTimeout(Duration pingTimeout) {
			this.pingTimeout = pingTimeout;
		}

		public Duration getBusyPoll() {
			return this.busyPoll;
		}

		public void setBusyPoll(Duration busyPoll) {
			this.busyPoll = busyPoll;
		}

		public DataSize getMaxPendingWrites() {
			return this.maxPendingWrites;
		}

		public void setMaxPendingWrites(DataSize maxPendingWrites) {
			this.maxPendingWrites = maxPendingWrites;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public DataSize getHandshakeMaxFrameSize() {
			return this.handshakeMaxFrameSize;
		}

		public void setHandshakeMaxFrameSize(DataSize handshakeMaxFrameSize) {
			this.handshakeMaxFrameSize = handshakeMaxFrameSize;
		}

		public @Nullable Integer getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(@Nullable Integer maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxUnauthenticatedConnections() {
			return this.maxUnauthenticatedConnections;
		}

		public void setMaxUnauthenticatedConnections(int maxUnauthenticatedConnections) {
			this.maxUnauthenticatedConnections = maxUnauthenticatedConnections;
		}

		public int getMaxUnauthenticatedPerAddress() {
			return this.maxUnauthenticatedPerAddress;
		}

		public void setMaxUnauthenticatedPerAddress(int maxUnauthenticatedPerAddress) {
			this.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress;
		}

		public int getMaxInFlightPerConnection() {
			return this.maxInFlightPerConnection;
		}

		public void setMaxInFlightPerConnection(int maxInFlightPerConnection) {
			this.maxInFlightPerConnection = maxInFlightPerConnection;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		@Override
		public String toString() {
			return "Tcp[key=" + (this.key.isEmpty() ? "(empty)" : "(set)") + ", listen=" + this.listen + ", connect="
					+ this.connect + ", serializer=" + this.serializer + ", ssl.bundle=" + this.ssl.getBundle() + "]";
		}

	}

	/** TLS for the TCP brokers ({@code patio.broker.tcp.ssl.*}). */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.jks.* or
		 * spring.ssl.bundle.pem.*) that turns TLS on: a server uses its key store as its
		 * certificate and its trust store to check client certificates; a client uses its
		 * trust store to check the server (and the host name) and its key store, if any,
		 * as its client certificate. Unset: plain TCP.
		 */
		private String bundle;

		/**
		 * Whether a tcp-server asks clients for a certificate: "none", "want" (optional)
		 * or "need" (mutual TLS). Ignored by a tcp-client.
		 */
		private ClientAuth clientAuth = ClientAuth.NONE;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = (bundle != null && !bundle.isBlank()) ? bundle : null;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			if (clientAuth == null) {
				throw new IllegalArgumentException("patio.broker.tcp.ssl.client-auth must be none, want or need");
			}
			this.clientAuth = clientAuth;
		}

	}

	/** Whether a TLS server asks for client certificates. */
	public enum ClientAuth {

		/** No client certificate is asked for. */
		NONE,

		/** A client certificate is asked for but optional. */
		WANT,

		/** A client certificate is required: mutual TLS. */
		NEED

	}

}
