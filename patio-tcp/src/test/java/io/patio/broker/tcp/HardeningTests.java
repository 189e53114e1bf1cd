package io.patio.broker.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.patio.ConnectionLostException;
import io.patio.RejectedCallException;
import io.patio.ShuttingDownException;
import io.patio.call.Call;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.protocol.HandshakeDigest;
import io.patio.registry.Registry;
import io.patio.serializer.WireMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile-network requirements that run in this JVM: graceful stop, back-pressure
 * both ways, the per-connection cap, faults that close one connection with a logged
 * reason, no polymorphic types from the wire, a worker leaving a mesh, a silent server.
 */
@Timeout(60)
@org.junit.jupiter.api.extension.ExtendWith(LeakCheck.class)
class HardeningTests {

	private final TcpPeers peers = new TcpPeers();

	private final List<Runnable> cleanups = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
		this.cleanups.forEach(Runnable::run);
	}

	// ---- graceful stop

	@Test
	void workerBeingStoppedAnswersNewCallsShuttingDownFinishesRunningOnesThenCloses() throws Exception {
		TcpServerBroker worker = this.peers.server("worker");
		TcpClientBroker caller = this.peers.connected(null, worker);
		List<CompletableFuture<Long>> running = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			running.add(caller.call(Call.of("slow", Long.class).args(600L)));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> executing(worker) == 3);
		CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> worker.close(Duration.ofSeconds(10)));
		await().atMost(Duration.ofSeconds(5)).until(worker::isClosing);
		// a new call reaches the worker while it drains: answered at once, typed
		assertThat(caller.call("mul", Integer.class, 2, 3)).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(ShuttingDownException.class)
			.withMessageContaining("shutting down");
		assertThat(closing).isNotDone();
		// the running calls are answered
		for (CompletableFuture<Long> call : running) {
			assertThat(call).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(600L);
		}
		// then the worker closes, and the caller sees the connection go
		assertThat(closing).succeedsWithin(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> caller.getConnections().isEmpty());
	}

	@Test
	void callerClosedWithAGraceWaitsForTheAnswersOfItsCallsInFlight() {
		TcpServerBroker worker = this.peers.server("worker");
		TcpClientBroker caller = this.peers.connected(null, worker);
		CompletableFuture<Long> inFlight = caller.call(Call.of("slow", Long.class).args(300L));
		await().atMost(Duration.ofSeconds(5)).until(() -> executing(worker) == 1);
		caller.close(Duration.ofSeconds(10));
		assertThat(inFlight).isCompletedWithValue(300L);
		await().atMost(Duration.ofSeconds(5)).until(() -> worker.getConnections().isEmpty());
	}

	@Test
	void graceEndsAndWhatIsStillRunningFailsOnTheCallerAsConnectionLost() {
		TcpServerBroker worker = this.peers.server("worker");
		TcpClientBroker caller = this.peers.connected(null, worker);
		CompletableFuture<Long> stuck = caller.call(Call.of("slow", Long.class).args(10_000L));
		await().atMost(Duration.ofSeconds(5)).until(() -> executing(worker) == 1);
		long start = System.nanoTime();
		worker.close(Duration.ofMillis(200));
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 3_000L);
		assertThat(stuck).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(ConnectionLostException.class);
	}

	@Test
	void meshWorkerLeavingGracefullyLosesNoCallAndTheRestRouteToTheOthers() {
		List<TcpServerBroker> workers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			workers.add(this.peers.server("worker-" + i));
		}
		TcpClientBroker caller = this.peers.connected(null, workers.toArray(TcpServerBroker[]::new));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> caller.getConnections().stream().filter(TcpConnection::isReady).count() == 3);
		List<CompletableFuture<Long>> inFlight = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			inFlight.add(caller.call(Call.of("slow", Long.class).args(300L)));
		}
		TcpServerBroker leaving = workers.get(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> executing(leaving) > 0);
		leaving.close(Duration.ofSeconds(10));
		// every call that was in flight on the leaving worker was answered before it left
		assertThat(inFlight)
			.allSatisfy((call) -> assertThat(call).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(300L));
		await().atMost(Duration.ofSeconds(5)).until(() -> caller.getConnections().size() == 2);
		List<CompletableFuture<String>> after = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			after.add(caller.call("whoami", String.class));
		}
		List<String> who = after.stream().map(CompletableFuture::join).toList();
		assertThat(who).hasSize(40).containsOnly("worker-0", "worker-2").contains("worker-0", "worker-2");
	}

	@Test
	void meshWorkerThatDiesFailsOnlyItsInFlightCallsAndTheRestRouteToTheOthers() {
		List<TcpServerBroker> workers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			workers.add(this.peers.server("worker-" + i));
		}
		TcpClientBroker caller = this.peers.connected(null, workers.toArray(TcpServerBroker[]::new));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> caller.getConnections().stream().filter(TcpConnection::isReady).count() == 3);
		List<CompletableFuture<Long>> calls = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			calls.add(caller.call(Call.of("slow", Long.class).args(5L)));
			if (i == 150) {
				workers.get(1).close();
			}
		}
		CompletableFuture
			.allOf(calls.stream().map((call) -> call.handle((r, e) -> null)).toArray(CompletableFuture[]::new))
			.orTimeout(20, TimeUnit.SECONDS)
			.join();
		long succeeded = calls.stream().filter((call) -> !call.isCompletedExceptionally()).count();
		long lost = calls.stream()
			.filter(CompletableFuture::isCompletedExceptionally)
			.peek((call) -> assertThat(call).failsWithin(Duration.ZERO)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOfAny(ConnectionLostException.class, ShuttingDownException.class))
			.count();
		// none hangs, none is answered twice: each ends with its result, 'connection
		// lost' (in
		// flight when the worker went) or 'shutting down' (reached it while it closed)
		assertThat(succeeded + lost).isEqualTo(300);
		// round-robin sent two thirds of the calls before the drop to the workers that
		// stayed
		assertThat(succeeded).isGreaterThanOrEqualTo(100);
		List<String> who = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			who.add(caller.call("whoami", String.class).join());
		}
		assertThat(who).containsOnly("worker-0", "worker-2");
	}

	// ---- back-pressure and limits

	@Test
	void perConnectionCapStopsReadingAndEveryCallIsStillAnswered() throws Exception {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().maxInFlightPerConnection(2).build());
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnections().size() == 1);
			TcpConnection connection = server.getConnections().get(0);
			AtomicInteger most = new AtomicInteger();
			for (int i = 0; i < 8; i++) {
				raw.send(10, 100 + i, "{\"func\":\"slow\",\"args\":[100],\"kwargs\":{},\"timeout\":null}");
			}
			int answered = 0;
			while (answered < 8) {
				most.accumulateAndGet(connection.getExecuting(), Math::max);
				RawPeer.RawFrame frame = raw.read();
				assertThat(frame.type()).isEqualTo(20);
				answered++;
				most.accumulateAndGet(connection.getExecuting(), Math::max);
			}
			assertThat(most.get()).isLessThanOrEqualTo(2);
			assertThat(connection.getReadPauses()).isPositive();
		}
	}

	@Test
	void saturatedExecutorPausesReadingAndEveryCallEndsWithItsResultOrRejected() throws Exception {
		Registry registry = new Registry();
		registry.register("slow", new TestTasks("tiny"), "slow");
		ThreadPoolPatioExecutor tiny = new ThreadPoolPatioExecutor(registry, 1, 2);
		this.cleanups.add(() -> tiny.shutdown(Duration.ofSeconds(1)));
		TcpServerBroker server = new TcpServerBroker(tiny, TcpPeers.fast().build(), "127.0.0.1:0");
		this.cleanups.add(server::close);
		server.start();
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnections().size() == 1);
			TcpConnection connection = server.getConnections().get(0);
			int calls = 200;
			StringBuilder batch = new StringBuilder();
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			for (int i = 0; i < calls; i++) {
				byte[] payload = "{\"func\":\"slow\",\"args\":[2],\"kwargs\":{},\"timeout\":null}"
					.getBytes(StandardCharsets.UTF_8);
				bytes.write(
						java.nio.ByteBuffer.allocate(9).put((byte) 10).putInt(payload.length).putInt(1000 + i).array());
				bytes.write(payload);
			}
			raw.sendHex(java.util.HexFormat.of().formatHex(bytes.toByteArray()));
			int results = 0;
			int rejected = 0;
			for (int i = 0; i < calls; i++) {
				RawPeer.RawFrame frame = raw.read();
				if (frame.type() == 20) {
					results++;
				}
				else {
					assertThat(frame.type()).isEqualTo(30);
					assertThat(WireMapper.json().readTree(frame.payload()).get("code").stringValue())
						.isEqualTo("rejected");
					rejected++;
				}
			}
			assertThat(results + rejected).isEqualTo(calls);
			assertThat(results).isPositive();
			assertThat(connection.getReadPauses()).isPositive();
			// reading resumed: a call after the flood is served
			raw.send(10, 5, "{\"func\":\"slow\",\"args\":[1],\"kwargs\":{},\"timeout\":null}");
			assertThat(raw.read().text()).isEqualTo("1");
		}
	}

	@Test
	void callsToAPeerThatStopsReadingFailFastWithRejectedInsteadOfBufferingWithoutBound() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			listener.setReceiveBufferSize(4096);
			TcpClientBroker caller = this.peers.clientTo(null, TcpPeers.fast().build(),
					"127.0.0.1:" + listener.getLocalPort());
			CompletableFuture<Void> connected = CompletableFuture.runAsync(caller::connect);
			try (RawPeer fake = new RawPeer(listener.accept())) {
				fakeServerHandshake(fake, "[\"echo\"]");
				assertThat(connected).succeedsWithin(Duration.ofSeconds(5));
				// the fake server never reads again
				String big = "x".repeat(32 * 1024);
				List<CompletableFuture<Object>> calls = new ArrayList<>();
				CompletableFuture<Object> last = null;
				for (int i = 0; i < 5_000; i++) {
					last = caller.call(Call.of("echo", Object.class).args(big).timeout(Duration.ofSeconds(30)));
					calls.add(last);
					if (last.isCompletedExceptionally()) {
						break;
					}
				}
				assertThat(last).failsWithin(Duration.ZERO)
					.withThrowableOfType(ExecutionException.class)
					.havingCause()
					.isInstanceOf(RejectedCallException.class)
					.withMessageContaining("saturated");
				assertThat(calls.size()).isLessThan(5_000);
				assertThat(caller.getConnections().get(0).getRejectedOutbound()).isPositive();
			}
		}
	}

	// ---- the faults that close one connection, with a logged reason

	@Test
	void garbageBytesCloseOnlyThatConnectionWithALoggedReason() throws Exception {
		ListAppender<ILoggingEvent> logs = capture(io.patio.protocol.FrameDecoder.class);
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker honest = this.peers.connected(null, server);
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			raw.sendHex("7f 0102030405060708 ffeeddccbbaa 00");
			assertThat(raw.closedByPeer()).isTrue();
		}
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			raw.read();
			raw.sendHex("c3a9 e282ac 0000 4142434445 ffffffff");
			assertThat(raw.closedByPeer()).isTrue();
		}
		assertThat(honest.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> logs.list.stream()
				.filter((event) -> event.getFormattedMessage().contains("unknown packet type"))
				.count() >= 2);
	}

	@Test
	void truncatedFrameIsLoggedAndASilentTruncatedFrameIsDroppedByTheHeartbeat() throws Exception {
		ListAppender<ILoggingEvent> logs = capture(io.patio.protocol.FrameDecoder.class);
		TcpServerBroker server = this.peers.server("worker",
				TcpPeers.fast().pingInterval(Duration.ofMillis(150)).pingTimeout(Duration.ofMillis(150)).build());
		TcpClientBroker honest = this.peers.connected(null, server);
		// a header that promises 100 bytes, then 10, then the end of the stream
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			raw.sendHex("0a 00000064 00000009 00112233445566778899");
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> logs.list.stream()
				.anyMatch((event) -> event.getFormattedMessage().contains("truncated frame")));
		// the same, but the peer stays connected and silent: the heartbeat drops it
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			raw.sendHex("0a 00000064 00000009 0011223344");
			assertThat(raw.closedByPeer()).isTrue();
		}
		assertThat(honest.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
	}

	/** A client of the fake server behind {@code listener} that pings every 200 ms. */
	private TcpClientBroker heartbeatClient(ServerSocket listener) {
		return this.peers.clientTo(null,
				TcpPeers.fast().pingInterval(Duration.ofMillis(200)).pingTimeout(Duration.ofMillis(200)).build(),
				"127.0.0.1:" + listener.getLocalPort());
	}

	@Test
	void silentServerIsDroppedByTheClientsHeartbeatAndItsInFlightCallsFail() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			TcpClientBroker caller = heartbeatClient(listener);
			CompletableFuture<Void> connected = CompletableFuture.runAsync(caller::connect);
			try (RawPeer fake = new RawPeer(listener.accept())) {
				fakeServerHandshake(fake, "[\"mul\"]");
				assertThat(connected).succeedsWithin(Duration.ofSeconds(5));
				CompletableFuture<Integer> call = caller
					.call(Call.of("mul", Integer.class).args(2, 3).timeout(Duration.ofSeconds(30)));
				long start = System.nanoTime();
				// the fake keeps its socket open and answers nothing
				assertThat(call).failsWithin(Duration.ofSeconds(5))
					.withThrowableOfType(ExecutionException.class)
					.havingCause()
					.isInstanceOf(ConnectionLostException.class);
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
				assertThat(caller.getConnections()).isEmpty();
			}
		}
	}

	@Test
	void aServerThatTricklesAFrameItNeverFinishesIsDroppedByTheClientsHeartbeat() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			TcpClientBroker caller = heartbeatClient(listener);
			CompletableFuture<Void> connected = CompletableFuture.runAsync(caller::connect);
			java.util.concurrent.ScheduledExecutorService trickle = java.util.concurrent.Executors
				.newSingleThreadScheduledExecutor();
			try (RawPeer fake = new RawPeer(listener.accept())) {
				fakeServerHandshake(fake, "[\"mul\"]");
				assertThat(connected).succeedsWithin(Duration.ofSeconds(5));
				// a RESPONSE header for 1,000 bytes, then one byte every 20 ms: bytes
				// keep coming, a whole frame never does
				fake.sendHex("14 000003e8 00000001");
				trickle.scheduleAtFixedRate(() -> {
					try {
						fake.sendHex("20");
					}
					catch (IOException ex) {
						// dropped, as it should be
					}
				}, 0, 20, TimeUnit.MILLISECONDS);
				await().atMost(Duration.ofSeconds(5)).until(() -> caller.getConnections().isEmpty());
			}
			finally {
				trickle.shutdownNow();
			}
		}
	}

	// ---- the key stays secret

	@Test
	void theKeyNeverShowsInLogsExceptionsOrToString() {
		ListAppender<ILoggingEvent> logs = capture(org.slf4j.Logger.ROOT_LOGGER_NAME);
		((Logger) LoggerFactory.getLogger("io.patio")).setLevel(ch.qos.logback.classic.Level.DEBUG);
		this.cleanups.add(() -> ((Logger) LoggerFactory.getLogger("io.patio")).setLevel(null));
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().key("server-secret-4711").build());
		TcpClientBroker caller = this.peers.client(null, TcpPeers.fast().key("client-secret-0815").build(), server);
		Throwable failure = org.assertj.core.api.Assertions.catchThrowable(caller::connect);
		assertThat(failure).isInstanceOf(io.patio.AuthenticationException.class);
		java.io.StringWriter trace = new java.io.StringWriter();
		failure.printStackTrace(new java.io.PrintWriter(trace));
		String everything = trace + server.getOptions().toString() + caller.getOptions().toString() + server + caller
				+ String.join("\n", logs.list.stream()
					.map((event) -> event.getFormattedMessage()
							+ ((event.getThrowableProxy() != null) ? event.getThrowableProxy().getMessage() : ""))
					.toList());
		assertThat(logs.list).isNotEmpty();
		assertThat(everything).doesNotContain("server-secret-4711").doesNotContain("client-secret-0815");
	}

	// ---- arguments: declared types only, no polymorphic type ids

	public static final class Canary {

		static final AtomicInteger CREATED = new AtomicInteger();

		public Canary() {
			CREATED.incrementAndGet();
		}

		public void setValue(String value) {
			CREATED.incrementAndGet();
		}

	}

	public static class Inspector {

		public String typeOf(Object value) {
			return describe(value);
		}

		public String typesOf(List<Object> values) {
			return values.stream().map(Inspector::describe).toList().toString();
		}

		static String describe(Object value) {
			if (value instanceof Map<?, ?> map) {
				return "map" + map.keySet();
			}
			return (value != null) ? value.getClass().getName() : "null";
		}

	}

	@Test
	void typeIdsFromTheWireAreNeverHonouredAnObjectParameterGetsAPlainMap() throws Exception {
		Registry registry = new Registry();
		Inspector inspector = new Inspector();
		registry.register("typeOf", inspector, "typeOf");
		registry.register("typesOf", inspector, "typesOf");
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 2, 16);
		this.cleanups.add(() -> executor.shutdown(Duration.ofSeconds(1)));
		TcpServerBroker server = new TcpServerBroker(executor, TcpPeers.fast().build(), "127.0.0.1:0");
		this.cleanups.add(server::close);
		server.start();
		String canary = Canary.class.getName();
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			raw.send(10, 1, "{\"func\":\"typeOf\",\"args\":[{\"@class\":\"" + canary
					+ "\",\"value\":\"x\"}],\"kwargs\":{},\"timeout\":null}");
			assertThat(answer(raw, 1)).isEqualTo("map[@class, value]");
			raw.send(10, 2,
					"{\"func\":\"typeOf\",\"args\":[],\"kwargs\":{\"value\":{\"@type\":\"java.net.URL\",\"val\":\"http://example.com\"}},\"timeout\":null}");
			assertThat(answer(raw, 2)).isEqualTo("map[@type, val]");
			// the array form of a type id binds as a list
			raw.send(10, 3, "{\"func\":\"typeOf\",\"args\":[[\"" + canary
					+ "\",{\"value\":\"x\"}]],\"kwargs\":{},\"timeout\":null}");
			assertThat(answer(raw, 3)).isEqualTo("java.util.ArrayList");
			raw.send(10, 4,
					"{\"func\":\"typesOf\",\"args\":[[{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"false\"]},{\"@c\":\".Canary\"}]],\"kwargs\":{},\"timeout\":null}");
			assertThat(answer(raw, 4)).isEqualTo("[map[@class, command], map[@c]]");
		}
		assertThat(Canary.CREATED).hasValue(0);
	}

	// ---- helpers

	private static String answer(RawPeer raw, long serial) throws IOException {
		RawPeer.RawFrame frame = raw.read();
		assertThat(frame.serial()).isEqualTo(serial);
		assertThat(frame.type()).as(frame.text()).isEqualTo(20);
		return WireMapper.json().readTree(frame.payload()).stringValue();
	}

	private static int executing(TcpServerBroker server) {
		return server.getConnections().stream().mapToInt(TcpConnection::getExecuting).sum();
	}

	private ListAppender<ILoggingEvent> capture(Class<?> type) {
		return capture(type.getName());
	}

	private ListAppender<ILoggingEvent> capture(String name) {
		Logger logger = (Logger) LoggerFactory.getLogger(name);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		// the fault log goes to debug once its rate limit is reached (other tests may
		// have)
		ch.qos.logback.classic.Level level = logger.getLevel();
		logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
		this.cleanups.add(() -> {
			logger.detachAppender(appender);
			logger.setLevel(level);
		});
		return appender;
	}

	/**
	 * Plays a server by hand: challenge, AUTH_OK, discovery both ways, offering
	 * {@code tasks}.
	 */
	static void fakeServerHandshake(RawPeer fake, String tasks) throws IOException {
		fake.send(0, 1, "\"AAECAwQFBgcICQoLDA0ODw==\"");
		RawPeer.RawFrame auth = fake.read();
		assertThat(auth.type()).isEqualTo(1);
		JsonNode triple = WireMapper.json().readTree(auth.payload());
		byte[] salt = Base64.getDecoder().decode(triple.get(0).stringValue());
		byte[] digest = Base64.getDecoder().decode(triple.get(1).stringValue());
		byte[] token = Base64.getDecoder().decode(triple.get(2).stringValue());
		assertThat(HandshakeDigest.verify(new byte[0], salt, token, digest)).isTrue();
		fake.send(3, 2, "null");
		RawPeer.RawFrame discover = fake.read();
		assertThat(discover.type()).isEqualTo(5);
		fake.send(5, 3, "null");
		assertThat(fake.read().type()).isEqualTo(6);
		fake.send(6, discover.serial(), tasks);
	}

	static NullPatioExecutor nothing() {
		return new NullPatioExecutor(new Registry());
	}

}
