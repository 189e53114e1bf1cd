package io.patio.executor.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.patio.broker.loopback.LoopbackLink;
import io.patio.broker.loopback.LoopbackTransport;

/**
 * Starts the worker JVMs of one pool: for each, a private loopback link (the
 * {@link LoopbackTransport} on the class path, TCP), then {@code java} with the options'
 * command line, the link's port and the pool's key in its environment (never on its
 * command line, which {@code ps} shows to everyone), and the parent's configuration
 * written to its stdin.
 */
final class WorkerLauncher {

	private static final Logger log = LoggerFactory.getLogger(WorkerLauncher.class);

	private static final SecureRandom random = new SecureRandom();

	private final ProcessPoolOptions options;

	private final LoopbackTransport transport;

	/** The per-pool key: 192 random bits, 32 characters. */
	private final String key;

	WorkerLauncher(ProcessPoolOptions options, LoopbackTransport transport) {
		this.options = options;
		this.transport = transport;
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		this.key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Opens a link and starts a worker process on it for {@code slot}; its settings are
	 * on their way to its stdin when this returns.
	 * @throws IOException when the process cannot start
	 * @throws RuntimeException when the link cannot listen or the settings are too large
	 */
	WorkerProcess launch(int slot) throws IOException {
		LoopbackLink link = this.transport.listen(this.key);
		try {
			ProcessBuilder builder = new ProcessBuilder(this.options.workerCommand())
				.redirectOutput(ProcessBuilder.Redirect.INHERIT)
				.redirectError(ProcessBuilder.Redirect.INHERIT);
			Map<String, String> env = builder.environment();
			env.putAll(this.options.getEnvironment());
			env.put(WorkerEnvironment.PORT, Integer.toString(link.port()));
			env.put(WorkerEnvironment.KEY, this.key);
			env.put(WorkerEnvironment.TASKS, Integer.toString(this.options.getTasksPerWorker()));
			env.put(WorkerEnvironment.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
			// framed before the start, so that settings over the limit fail here, as a
			// launch failure
			ByteArrayOutputStream settings = new ByteArrayOutputStream();
			this.options.getWorkerSettings().writeTo(settings);
			Process process = builder.start();
			log.debug("Started process-pool worker {} in slot {}", process.pid(), slot);
			handOver(settings, process);
			return new WorkerProcess(slot, process, link);
		}
		catch (IOException | RuntimeException ex) {
			link.close();
			throw ex;
		}
	}

	/**
	 * Writes the settings to the worker's stdin on a thread of its own, never under the
	 * pool's lock: settings larger than the pipe's buffer (64 KiB on Linux) wait until
	 * the worker reads them, which a slow or broken worker may never do. The pool's
	 * readiness checks kill such a worker at the startup timeout, and the write then
	 * fails. Through stdin, which only this process can write and no one else can read:
	 * the settings can hold secrets. The stream stays open (closing it stops the worker).
	 */
	private static void handOver(ByteArrayOutputStream settings, Process process) {
		Thread writer = new Thread(() -> {
			try {
				OutputStream stdin = process.getOutputStream();
				settings.writeTo(stdin);
				stdin.flush();
			}
			catch (IOException ex) {
				// the worker died or was killed: its exit is handled as a startup failure
				log.debug("Cannot hand the settings to process-pool worker {}: {}", process.pid(), ex.toString());
			}
		}, "patio-process-pool-settings-" + process.pid());
		writer.setDaemon(true);
		writer.start();
	}

}
