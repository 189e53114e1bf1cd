package io.patio.executor.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.call.CallRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's own loopback broker keeps its worker reachable while other local processes
 * hold idle sockets against its port: every one of them, like the worker, connects from
 * 127.0.0.1.
 */
@Timeout(90)
class ProcessPoolAdmissionTests {

	private ProcessPoolPatioExecutor pool;

	@AfterEach
	void shutDown() {
		if (this.pool != null) {
			this.pool.shutdown(Duration.ofSeconds(1));
		}
	}

	@Test
	void aPoolWhosePortIsFloodedByIdleLocalSocketsStillGetsItsWorkerReady() throws Exception {
		Path tcp = Path.of("/proc/net/tcp");
		Assumptions.assumeTrue(Files.isReadable(tcp) && Files.isDirectory(Path.of("/proc/self/fd")),
				"this host has no /proc/net/tcp and /proc/self/fd (Linux) to find the pool's port: skipped");
		// one address's default handshake budget, all of it held by idle sockets
		int idle = TcpBrokerOptions.DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS;
		try (Flooder flooder = new Flooder(idle)) {
			flooder.start();
			this.pool = new ProcessPoolPatioExecutor(new ProcessTasks.Factory().create(),
					ProcessPoolOptions.builder()
						.maxWorkers(1)
						.registryFactory(ProcessTasks.Factory.class)
						.startupTimeout(Duration.ofSeconds(30))
						.build());
			this.pool.start();
			Object result = this.pool
				.execute(CallRequest.of("mul", new Object[] { 6, 7 }, Map.of(), Duration.ofSeconds(20), Map.of()))
				.get(30, TimeUnit.SECONDS);
			assertThat(String.valueOf(result)).isEqualTo("42");
			assertThat(flooder.failure.get()).isNull();
			assertThat(flooder.flooded.get()).as("the flooder found the pool's port and held idle sockets on it")
				.isPositive();
		}
	}

	/**
	 * Watches this JVM's listening sockets on 127.0.0.1 (and only this JVM's, so other
	 * processes on the machine are left alone); on each new one, opens {@code count} idle
	 * sockets and reopens those the server closes at once (at most 2000 a second).
	 */
	private static final class Flooder implements AutoCloseable {

		final AtomicInteger flooded = new AtomicInteger();

		final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final int count;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread = new Thread(this::run, "flooder");

		private final Set<Integer> known;

		Flooder(int count) throws IOException {
			this.count = count;
			this.known = ownListeningPorts();
			this.thread.setDaemon(true);
		}

		void start() {
			this.thread.start();
		}

		private void run() {
			List<SocketChannel> open = new ArrayList<>();
			ByteBuffer sink = ByteBuffer.allocate(4096);
			try (Selector selector = Selector.open()) {
				long allowance = 0;
				long last = System.nanoTime();
				while (this.running.get()) {
					for (int port : ownListeningPorts()) {
						if (this.known.add(port)) {
							for (int i = 0; i < this.count; i++) {
								open.add(openOne(selector, port));
							}
							this.flooded.incrementAndGet();
						}
					}
					selector.select(5);
					long now = System.nanoTime();
					allowance = Math.min(2000, allowance + (now - last) * 2000 / 1_000_000_000L);
					last = now;
					for (SelectionKey key : selector.selectedKeys()) {
						SocketChannel channel = (SocketChannel) key.channel();
						int read;
						try {
							sink.clear();
							read = channel.read(sink);
						}
						catch (IOException ex) {
							read = -1;
						}
						if (read < 0) {
							int port = (Integer) key.attachment();
							key.cancel();
							channel.close();
							open.remove(channel);
							if (allowance > 0 && this.running.get()) {
								allowance--;
								try {
									open.add(openOne(selector, port));
								}
								catch (IOException ex) {
									// the server is gone (the test is over)
								}
							}
						}
					}
					selector.selectedKeys().clear();
				}
			}
			catch (Throwable ex) {
				this.failure.set(ex);
			}
			finally {
				for (SocketChannel channel : open) {
					try {
						channel.close();
					}
					catch (IOException ex) {
						// closing anyway
					}
				}
			}
		}

		private static SocketChannel openOne(Selector selector, int port) throws IOException {
			SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			channel.configureBlocking(false);
			channel.register(selector, SelectionKey.OP_READ, port);
			return channel;
		}

		/** The ports this JVM listens on at 127.0.0.1, from /proc. */
		private static Set<Integer> ownListeningPorts() throws IOException {
			Set<String> inodes = new HashSet<>();
			try (var fds = Files.list(Path.of("/proc/self/fd"))) {
				for (Path fd : (Iterable<Path>) fds::iterator) {
					try {
						String target = Files.readSymbolicLink(fd).toString();
						if (target.startsWith("socket:[")) {
							inodes.add(target.substring(8, target.length() - 1));
						}
					}
					catch (IOException ex) {
						// closed meanwhile
					}
				}
			}
			Set<Integer> ports = new HashSet<>();
			// a JVM's sockets are often IPv6 ones, 127.0.0.1 then being ::ffff:127.0.0.1
			for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
				Path path = Path.of(table);
				if (!Files.isReadable(path)) {
					continue;
				}
				for (String line : Files.readAllLines(path)) {
					String[] fields = line.trim().split("\\s+");
					// sl local_address rem_address st ... inode (field 9)
					if (fields.length > 9 && "0A".equals(fields[3]) && inodes.contains(fields[9])) {
						String local = fields[1];
						int colon = local.indexOf(':');
						String host = local.substring(0, colon);
						if (host.equals("0100007F") || host.equals("0000000000000000FFFF00000100007F")) {
							ports.add(Integer.parseInt(local.substring(colon + 1), 16));
						}
					}
				}
			}
			return ports;
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.thread.join(10_000);
		}

	}

}
