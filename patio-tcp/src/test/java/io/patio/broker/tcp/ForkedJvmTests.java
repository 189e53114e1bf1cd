package io.patio.broker.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.patio.ConnectionLostException;
import io.patio.RejectedCallException;
import io.patio.call.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers in their own JVMs ({@link ForkedWorker}): flooded over one connection within a
 * 128 MiB heap, and killed with SIGKILL mid-call. Every forked JVM is destroyed in the
 * end, and the test checks that none is left behind.
 */
class ForkedJvmTests {

	private final TcpPeers peers = new TcpPeers();

	private final List<Worker> workers = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		try {
			this.peers.close();
		}
		finally {
			for (Worker worker : this.workers) {
				worker.destroy();
			}
			for (Worker worker : this.workers) {
				assertThat(worker.process.toHandle().isAlive()).as("forked worker left running").isFalse();
			}
			assertThat(ProcessHandle.current()
				.children()
				.filter(ProcessHandle::isAlive)
				.filter((child) -> this.workers.stream().anyMatch((w) -> w.process.pid() == child.pid())))
				.as("orphaned forked workers")
				.isEmpty();
		}
	}

	@Test
	@Timeout(90)
	void floodOfOneHundredThousandCallsOnOneConnectionEndsEveryCallWithoutOutOfMemory() throws Exception {
		Worker worker = fork("flooded", 0, 1, 16);
		TcpClientBroker caller = this.peers.clientTo(null, TcpPeers.fast().build(), "127.0.0.1:" + worker.port);
		caller.connect();
		int total = 100_000;
		AtomicInteger results = new AtomicInteger();
		AtomicInteger rejected = new AtomicInteger();
		AtomicInteger wrong = new AtomicInteger();
		List<Throwable> others = new CopyOnWriteArrayList<>();
		CompletableFuture<?>[] calls = new CompletableFuture<?>[total];
		long start = System.nanoTime();
		for (int i = 0; i < total; i++) {
			int value = i;
			calls[i] = caller.call(Call.of("add", Integer.class).args(value, 1).timeout(Duration.ofSeconds(50)))
				.handle((sum, error) -> {
					if (error == null) {
						if (sum != value + 1) {
							wrong.incrementAndGet();
						}
						results.incrementAndGet();
					}
					else if (io.patio.call.Failures.unwrap(error) instanceof RejectedCallException) {
						rejected.incrementAndGet();
					}
					else {
						others.add(io.patio.call.Failures.unwrap(error));
					}
					return null;
				});
		}
		CompletableFuture.allOf(calls).get(55, TimeUnit.SECONDS);
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
		String stats = worker.stats();
		System.out
			.println("flood: " + results + " results, " + rejected + " rejected in " + seconds + " s; worker " + stats);
		assertThat(others).as("calls that failed other than rejected").isEmpty();
		assertThat(wrong).hasValue(0);
		assertThat(results.get() + rejected.get()).isEqualTo(total);
		assertThat(results.get()).isPositive();
		// the worker stopped reading while saturated, and resumed: every call got its
		// answer
		assertThat(pausesOf(stats)).isPositive();
		assertThat(caller.call("add", Integer.class, 20, 22).get(10, TimeUnit.SECONDS)).isEqualTo(42);
		assertThat(worker.process.isAlive()).isTrue();
		assertThat(worker.output()).doesNotContain("OutOfMemoryError");
	}

	@Test
	@Timeout(90)
	void workerKilledWithSigkillMidCallFailsItsCallsAtOnceAndANewWorkerOnThePortServesAgain() throws Exception {
		Worker first = fork("first", 0, 4, 64);
		int port = first.port;
		TcpClientBroker caller = this.peers.clientTo(null,
				TcpPeers.fast().pingInterval(Duration.ofMillis(500)).pingTimeout(Duration.ofMillis(500)).build(),
				"127.0.0.1:" + port);
		caller.connect();
		List<CompletableFuture<Long>> inFlight = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			inFlight.add(caller.call(Call.of("slow", Long.class).args(20_000L).timeout(Duration.ofSeconds(30))));
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> caller.getConnections().stream().mapToInt(TcpConnection::getInFlight).sum() == 4);
		long killed = System.nanoTime();
		first.process.destroyForcibly();
		// within the ping timeout at the latest (at once when the kernel resets the
		// connection)
		for (CompletableFuture<Long> call : inFlight) {
			assertThat(call).failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(ConnectionLostException.class);
		}
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)).isLessThan(1_000 + 2_000);
		assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		// while no worker is up, a call fails at once, naming the server's state
		assertThat(caller.call(Call.of("whoami", String.class).timeout(Duration.ofSeconds(20))))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(io.patio.NoPeerException.class)
			.withMessageContaining("127.0.0.1:" + port + " retrying");
		Worker second = fork("second", port, 4, 64);
		await().atMost(Duration.ofSeconds(25))
			.until(() -> caller.getServerStatuses().get(0).state() == TcpServerStatus.State.CONNECTED);
		assertThat(
				caller.call(Call.of("whoami", String.class).timeout(Duration.ofSeconds(20))).get(25, TimeUnit.SECONDS))
			.isEqualTo("second");
		assertThat(caller.call("mul", Integer.class, 6, 7).get(10, TimeUnit.SECONDS)).isEqualTo(42);
		assertThat(second.process.isAlive()).isTrue();
	}

	private static long pausesOf(String stats) {
		Matcher matcher = Pattern.compile("pauses=(\\d+)").matcher(stats);
		assertThat(matcher.find()).as(stats).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private Worker fork(String name, int port, int threads, int queue) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
				"-Dlogback.configurationFile=logback-test.xml", "-cp", System.getProperty("java.class.path"),
				ForkedWorker.class.getName(), name, String.valueOf(port), String.valueOf(threads),
				String.valueOf(queue))
			.redirectErrorStream(true);
		Worker worker = new Worker(builder.start());
		this.workers.add(worker);
		worker.awaitPort();
		return worker;
	}

	/**
	 * A forked worker, its output read all the time so that it never blocks on a full
	 * pipe.
	 */
	private static final class Worker {

		final Process process;

		final List<String> lines = new CopyOnWriteArrayList<>();

		final Writer stdin;

		volatile int port;

		Worker(Process process) {
			this.process = process;
			this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
			Thread reader = new Thread(() -> {
				try (BufferedReader out = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = out.readLine()) != null) {
						this.lines.add(line);
						if (line.startsWith("PORT ")) {
							this.port = Integer.parseInt(line.substring(5).trim());
						}
					}
				}
				catch (IOException ex) {
					// the process is gone
				}
			}, "forked-worker-output");
			reader.setDaemon(true);
			reader.start();
		}

		void awaitPort() {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.port > 0 || !this.process.isAlive());
			assertThat(this.port).as("the worker did not start: %s", this.lines).isPositive();
		}

		String stats() throws IOException {
			int seen = this.lines.size();
			this.stdin.write("stats\n");
			this.stdin.flush();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.lines.stream().skip(seen).anyMatch((l) -> l.startsWith("STATS ")));
			return this.lines.stream().skip(seen).filter((l) -> l.startsWith("STATS ")).findFirst().orElseThrow();
		}

		String output() {
			return String.join("\n", this.lines);
		}

		void destroy() throws InterruptedException {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}

	}

}
