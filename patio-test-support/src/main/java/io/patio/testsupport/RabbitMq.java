package io.patio.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node for tests: the one {@code PATIO_TEST_RABBITMQ_URL} names, or a private
 * node started from the installed {@code rabbitmq-server} (Debian's package) with its own
 * data folder, ports and {@code epmd}, all on 127.0.0.1, and stopped by its pid. No
 * system service is started or touched.
 */
public final class RabbitMq implements AutoCloseable {

	/** The environment variable naming an AMQP URL to use instead of a private node. */
	public static final String URL_VARIABLE = "PATIO_TEST_RABBITMQ_URL";

	/** Where Debian's package installs the scripts that run the server directly. */
	public static final Path SCRIPTS = Paths.get("/usr/lib/rabbitmq/bin");

	/** How to get RabbitMQ, for the message of a skipped test. */
	public static final String HOW_TO_GET = "needs RabbitMQ: set " + URL_VARIABLE
			+ "=amqp://user:password@host:5672 or install the server (apt-get install rabbitmq-server;"
			+ " the tests start a private node and never the system service)";

	private static final long STARTUP_SECONDS = 180;

	private final String uri;

	private final Path dir;

	private final String node;

	private final int amqpPort;

	private final int epmdPort;

	private final int distPort;

	private final Process epmd;

	private Process server;

	private boolean closed;

	private RabbitMq(String uri) {
		this.uri = uri;
		this.dir = null;
		this.node = null;
		this.amqpPort = -1;
		this.epmdPort = -1;
		this.distPort = -1;
		this.epmd = null;
	}

	private RabbitMq(Path dir, String node, int amqpPort, int epmdPort, Process epmd) {
		this.uri = "amqp://guest:guest@127.0.0.1:" + amqpPort;
		this.dir = dir;
		this.node = node;
		this.amqpPort = amqpPort;
		this.epmdPort = epmdPort;
		this.distPort = freePort();
		this.epmd = epmd;
	}

	/** Whether a private node can be started here. */
	public static boolean installed() {
		return Files.isExecutable(SCRIPTS.resolve("rabbitmq-server"))
				&& Files.isExecutable(SCRIPTS.resolve("rabbitmqctl")) && Files.isExecutable(Paths.get("/usr/bin/epmd"));
	}

	/** The node {@code PATIO_TEST_RABBITMQ_URL} names, if it is set. */
	public static RabbitMq external() {
		String url = System.getenv(URL_VARIABLE);
		return (url != null && !url.isBlank()) ? new RabbitMq(url.trim()) : null;
	}

	/**
	 * Starts a private node and waits until it serves; the caller closes it.
	 * @throws IllegalStateException when it does not start, with the end of its log
	 */
	public static RabbitMq startPrivate() {
		// the free ports are picked before the node binds them: on a busy machine another
		// process may take one first, so a node that dies at startup is tried again
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				return startPrivateOnce();
			}
			catch (IllegalStateException ex) {
				if (failure != null) {
					ex.addSuppressed(failure);
				}
				failure = ex;
			}
		}
		throw failure;
	}

	private static RabbitMq startPrivateOnce() {
		Path dir;
		try {
			dir = Files.createTempDirectory("patio-rabbitmq-");
			for (String sub : List.of("mnesia", "log", "home")) {
				Files.createDirectories(dir.resolve(sub));
			}
			Files.writeString(dir.resolve("rabbitmq.conf"), "loopback_users = none\n");
			Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
			Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot prepare a folder for a private RabbitMQ node", ex);
		}
		int epmdPort = freePort();
		int amqpPort = freePort();
		String node = "patio" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
		Process epmd;
		try {
			epmd = new ProcessBuilder("/usr/bin/epmd", "-port", String.valueOf(epmdPort), "-address", "127.0.0.1")
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("log/epmd.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start epmd", ex);
		}
		RabbitMq rabbit = new RabbitMq(dir, node, amqpPort, epmdPort, epmd);
		// a JVM that ends without closing it (a killed test run) still stops the node
		Runtime.getRuntime().addShutdownHook(new Thread(rabbit::close, "patio-rabbitmq-stop"));
		try {
			rabbit.startServer();
		}
		catch (RuntimeException ex) {
			rabbit.close();
			throw ex;
		}
		return rabbit;
	}

	/** The AMQP URL of the node, with its credentials. */
	public String uri() {
		return this.uri;
	}

	/** Whether this node was started here (and so can be restarted and inspected). */
	public boolean isPrivate() {
		return this.dir != null;
	}

	/** The AMQP port of a private node. */
	public int amqpPort() {
		return this.amqpPort;
	}

	/**
	 * Runs {@code rabbitmqctl} against a private node and returns what it printed.
	 * @throws IllegalStateException when it fails
	 */
	public String ctl(String... args) {
		return ctl(STARTUP_SECONDS, args);
	}

	private String ctl(long timeoutSeconds, String... args) {
		if (!isPrivate()) {
			throw new IllegalStateException("rabbitmqctl runs only against a private node");
		}
		List<String> command = new ArrayList<>(List.of(SCRIPTS.resolve("rabbitmqctl").toString(), "-n", this.node));
		command.addAll(List.of(args));
		try {
			Path output = Files.createTempFile(this.dir, "ctl-", ".out");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(environment());
			Process process = builder.start();
			boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
			if (!finished) {
				kill(process);
			}
			String text = Files.readString(output);
			Files.deleteIfExists(output);
			if (!finished) {
				throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " did not finish in "
						+ timeoutSeconds + " s: " + text);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"rabbitmqctl " + String.join(" ", args) + " failed (" + process.exitValue() + "): " + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run rabbitmqctl", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** Ends a process and everything it started, by their pids. */
	private static void kill(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		try {
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops the private node's server process (every connection drops, every transient
	 * queue is lost) and returns once it is gone.
	 */
	public synchronized void stopServer() {
		if (this.server == null) {
			return;
		}
		if (this.server.isAlive() && Files.isRegularFile(this.dir.resolve("pid"))) {
			try {
				ctl(60, "stop", this.dir.resolve("pid").toString());
			}
			catch (IllegalStateException ex) {
				// killed below
			}
		}
		try {
			if (!this.server.waitFor(30, TimeUnit.SECONDS)) {
				kill(this.server);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// whatever the node left behind (it is never the system's: its pids are ours)
		this.server.descendants().forEach(ProcessHandle::destroyForcibly);
		this.server = null;
	}

	/**
	 * Starts the private node's server again on the same port, after
	 * {@link #stopServer()}.
	 */
	public synchronized void startServer() {
		if (this.server != null) {
			return;
		}
		ProcessBuilder builder = new ProcessBuilder(SCRIPTS.resolve("rabbitmq-server").toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("log/server.out").toFile()));
		builder.environment().putAll(environment());
		try {
			this.server = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start rabbitmq-server", ex);
		}
		// await_startup fails at once until the node has registered with its epmd
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
		while (true) {
			try {
				ctl("await_startup", "--timeout", String.valueOf(STARTUP_SECONDS));
				return;
			}
			catch (IllegalStateException ex) {
				if (!this.server.isAlive() || System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("The private RabbitMQ node did not start: " + ex.getMessage() + "\n"
							+ tail(this.dir.resolve("log/server.out")), ex);
				}
			}
			try {
				this.server.waitFor(500, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the RabbitMQ node started", ex);
			}
		}
	}

	private Map<String, String> environment() {
		return Map.ofEntries(Map.entry("HOME", this.dir.resolve("home").toString()),
				Map.entry("ERL_EPMD_PORT", String.valueOf(this.epmdPort)), Map.entry("RABBITMQ_NODENAME", this.node),
				Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
				Map.entry("RABBITMQ_NODE_PORT", String.valueOf(this.amqpPort)),
				Map.entry("RABBITMQ_DIST_PORT", String.valueOf(this.distPort)),
				Map.entry("RABBITMQ_MNESIA_BASE", this.dir.resolve("mnesia").toString()),
				Map.entry("RABBITMQ_LOG_BASE", this.dir.resolve("log").toString()),
				Map.entry("RABBITMQ_CONFIG_FILE", this.dir.resolve("rabbitmq.conf").toString()),
				Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", this.dir.resolve("enabled_plugins").toString()),
				Map.entry("RABBITMQ_CONF_ENV_FILE", this.dir.resolve("rabbitmq-env.conf").toString()),
				Map.entry("RABBITMQ_PID_FILE", this.dir.resolve("pid").toString()));
	}

	/** Stops a private node (by its pid) and its epmd, and deletes its folder. */
	@Override
	public synchronized void close() {
		if (!isPrivate() || this.closed) {
			return;
		}
		this.closed = true;
		stopServer();
		kill(this.epmd);
		try {
			this.epmd.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder left behind
		}
	}

	@Override
	public String toString() {
		return isPrivate() ? "private RabbitMQ node " + this.node + " on 127.0.0.1:" + this.amqpPort
				: "RabbitMQ at " + URL_VARIABLE;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

}
