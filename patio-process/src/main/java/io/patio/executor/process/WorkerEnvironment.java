package io.patio.executor.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * What a worker process learns from its parent, through environment variables only (the
 * command line is visible to every user of the machine in {@code ps}; the environment is
 * not): where to connect, with which key, how many calls to run at once, and whose child
 * it is. The parent's configuration comes through stdin ({@link #readSettings()}). Also
 * the watch that makes a worker exit when its parent goes away.
 */
public record WorkerEnvironment(int port, String key, int tasks, long parentPid) {

	/** Loopback port of the parent's private TCP server broker for this worker. */
	public static final String PORT = "PATIO_WORKER_PORT";

	/** The per-pool key, 32 ASCII characters (192 random bits). */
	public static final String KEY = "PATIO_WORKER_KEY";

	/** Calls the worker runs at once. */
	public static final String TASKS = "PATIO_WORKER_TASKS";

	/** The parent's process id. */
	public static final String PARENT_PID = "PATIO_WORKER_PARENT_PID";

	/**
	 * Reads the settings the parent wrote to this worker's stdin (see
	 * {@link WorkerSettings}); call it once, before {@link #exitWithParent}, which reads
	 * the rest of stdin.
	 * @throws IOException when stdin ends first or holds no worker settings
	 */
	public WorkerSettings readSettings() throws IOException {
		return WorkerSettings.readFrom(System.in);
	}

	/** The loopback address the worker connects to. */
	public String address() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Reads the variables a process-pool parent sets; empty when this process is not a
	 * worker.
	 */
	public static Optional<WorkerEnvironment> current() {
		return from(System.getenv());
	}

	static Optional<WorkerEnvironment> from(Map<String, String> env) {
		String port = env.get(PORT);
		String key = env.get(KEY);
		if (port == null || key == null) {
			return Optional.empty();
		}
		String tasks = env.getOrDefault(TASKS, "1");
		String parent = env.get(PARENT_PID);
		return Optional.of(new WorkerEnvironment(Integer.parseInt(port), key, Integer.parseInt(tasks),
				(parent != null) ? Long.parseLong(parent) : -1L));
	}

	/**
	 * Runs {@code stop} (once) and then halts this JVM when the parent goes away: when
	 * the parent closes our stdin (it does on shutdown; the kernel does when it dies,
	 * even by SIGKILL) or when the parent process exits. Daemon threads; returns at once.
	 */
	public void exitWithParent(Runnable stop) {
		Runnable once = new Runnable() {

			private boolean ran;

			@Override
			public synchronized void run() {
				if (this.ran) {
					return;
				}
				this.ran = true;
				try {
					stop.run();
				}
				finally {
					Runtime.getRuntime().halt(0);
				}
			}

		};
		Thread stdin = new Thread(() -> {
			InputStream in = System.in;
			byte[] buffer = new byte[256];
			try {
				while (in.read(buffer) >= 0) {
					// after the settings the parent writes nothing; only the end of the
					// stream matters
				}
			}
			catch (IOException ex) {
				// a broken pipe means the same as the end of the stream
			}
			once.run();
		}, "patio-worker-stdin-watch");
		stdin.setDaemon(true);
		stdin.start();
		if (this.parentPid > 0) {
			ProcessHandle.of(this.parentPid).ifPresentOrElse((parent) -> parent.onExit().thenRun(once), once);
		}
	}

}
