package io.patio.broker.tcp;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.patio.PayloadTooLargeException;
import io.patio.call.Call;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.protocol.HandshakeDigest;
import io.patio.registry.Registry;
import io.patio.serializer.cbor.CborSerializer;
import io.patio.serializer.WireMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The frame limits over real sockets: a small limit before AUTH_OK, a decode bounded in
 * work after it, capped discovery, out-of-range numbers answered {@code bad-request}, and
 * oversized payloads that fail only their own call.
 */
@Timeout(60)
@org.junit.jupiter.api.extension.ExtendWith(LeakCheck.class)
class FrameLimitTests {

	private static final int SMALL = 64 * 1024;

	private static final int LARGE = 1024 * 1024;

	private final TcpPeers peers = new TcpPeers();

	private final List<Runnable> cleanups = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
		this.cleanups.forEach(Runnable::run);
	}

	// ---- before AUTH_OK

	@Test
	void unauthenticatedFramesDeclaringSixteenMebibytesAreClosedAtTheirHeader() throws Exception {
		ListAppender<ILoggingEvent> logs = capture(io.patio.protocol.FrameDecoder.class);
		// a handshake timeout longer than the attackers wait: only the frame limit can
		// close their connections in time
		TcpServerBroker server = this.peers.server("worker",
				TcpPeers.fast().handshakeTimeout(Duration.ofSeconds(30)).build());
		List<RawPeer> attackers = new ArrayList<>();
		try {
			for (int i = 0; i < 40; i++) {
				RawPeer raw = RawPeer.connect(server.getPort());
				attackers.add(raw);
				assertThat(raw.read().type()).isZero();
				// an AUTH_REQUEST that declares 16 MiB, then all but its last byte would
				// follow: the server must not wait for them
				java.io.OutputStream out = raw.socket().getOutputStream();
				out.write(java.nio.ByteBuffer.allocate(9).put((byte) 1).putInt(16 * 1024 * 1024).putInt(2).array());
				out.write(new byte[8 * 1024]);
				out.flush();
			}
			for (RawPeer raw : attackers) {
				assertThat(raw.closedByPeer()).isTrue();
			}
		}
		finally {
			for (RawPeer raw : attackers) {
				raw.close();
			}
		}
		TcpClientBroker honest = this.peers.connected(null, server);
		assertThat(honest.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> logs.list.stream()
				.anyMatch((event) -> event.getFormattedMessage().contains("handshake-max-frame-size")));
	}

	@Test
	void aHandshakeLimitOverMaxFrameSizeOrAMaxFrameSizeTooSmallForAHandshakeFailsTheBuild() {
		assertThat(org.assertj.core.api.Assertions
			.catchThrowable(() -> TcpBrokerOptions.builder().maxFrameSize(512).handshakeMaxFrameSize(1024).build()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(
					"handshake-max-frame-size (1024 bytes) must not be larger than max-frame-size (512 bytes)");
		// the default handshake limit (1 KiB) is over a max-frame-size of 512 too
		assertThat(org.assertj.core.api.Assertions
			.catchThrowable(() -> TcpBrokerOptions.builder().maxFrameSize(512).build()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("max-frame-size (512 bytes)");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TcpBrokerOptions.builder().maxFrameSize(255)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("max-frame-size must be at least 256 bytes");
		assertThat(TcpBrokerOptions.builder().maxFrameSize(256).handshakeMaxFrameSize(256).build().getMaxFrameSize())
			.isEqualTo(256);
	}

	@Test
	void handshakeWorksAtTheSmallestHandshakeLimitWithBothSerializers() {
		for (io.patio.serializer.Serializer serializer : List.<io.patio.serializer.Serializer>of(
				io.patio.serializer.JsonSerializer.INSTANCE, CborSerializer.INSTANCE)) {
			TcpBrokerOptions options = TcpPeers.fast()
				.serializer(serializer)
				.handshakeMaxFrameSize(TcpBrokerOptions.MIN_HANDSHAKE_MAX_FRAME_SIZE)
				.build();
			assertThat(options.toBuilder().build().getHandshakeMaxFrameSize())
				.isEqualTo(TcpBrokerOptions.MIN_HANDSHAKE_MAX_FRAME_SIZE);
			TcpServerBroker server = this.peers.server("worker", options);
			TcpClientBroker client = this.peers.client(null, options, server);
			client.connect();
			assertThat(client.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
		}
		assertThat(TcpBrokerOptions.defaults().getHandshakeMaxFrameSize()).isEqualTo(1024);
		assertThat(org.assertj.core.api.Assertions
			.catchThrowable(() -> TcpBrokerOptions.builder().handshakeMaxFrameSize(255)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("handshake-max-frame-size");
	}

	// ---- after AUTH_OK: bounded decoding

	@Test
	void requestOverTheDecodeBoundIsAnsweredBadRequestOnItsSerialAndTheConnectionGoesOn() throws Exception {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().maxFrameSize(LARGE).build());
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			// within the frame limit in bytes, over it in tokens: [{},{},...]
			StringBuilder args = new StringBuilder();
			while (args.length() < LARGE - 100) {
				args.append("{},");
			}
			args.setLength(args.length() - 1);
			raw.send(10, 40, "{\"func\":\"mul\",\"args\":[" + args + "],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame answer = raw.read();
			assertThat(errorCode(answer, 40)).isEqualTo("bad-request");
			assertThat(message(answer)).contains("Token count");
			raw.send(10, 41, "{\"func\":\"mul\",\"args\":[6,7],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame result = raw.read();
			assertThat(result.type()).isEqualTo(20);
			assertThat(result.serial()).isEqualTo(41);
			assertThat(result.text()).isEqualTo("42");
		}
	}

	@Test
	void discoverResponseWithTooManyOrTooLongNamesClosesTheConnection() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		List<String> many = new ArrayList<>();
		for (int i = 0; i <= TcpConnection.MAX_ADVERTISED_TASKS; i++) {
			many.add("t" + i);
		}
		String tooLong = "x".repeat(TcpConnection.MAX_TASK_NAME_LENGTH + 1);
		for (List<String> names : List.of(many, List.of("mul", tooLong))) {
			try (RawPeer raw = RawPeer.connect(server.getPort())) {
				handshake(raw);
				RawPeer.RawFrame discover = raw.read();
				raw.send(6, discover.serial(), WireMapper.json().writeValueAsBytes(names));
				assertThat(raw.closedByPeer()).isTrue();
			}
		}
		List<String> fine = many.subList(0, TcpConnection.MAX_ADVERTISED_TASKS);
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			handshake(raw);
			RawPeer.RawFrame discover = raw.read();
			raw.send(6, discover.serial(), WireMapper.json().writeValueAsBytes(fine));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> server.getConnections()
					.stream()
					.anyMatch((connection) -> connection.getAdvertisedTasks().size() == fine.size()));
		}
	}

	// ---- numbers out of range

	@Test
	void fourHundredDigitTimeoutIsAnsweredBadRequestAndThePipelinedCallBeforeItIsAnswered() throws Exception {
		ListAppender<ILoggingEvent> logs = capture("io.patio");
		TcpServerBroker server = this.peers.server("worker");
		String digits = "9".repeat(999);
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			raw.send(10, 50, "{\"func\":\"slow\",\"args\":[200],\"kwargs\":{},\"timeout\":null}");
			raw.send(10, 51, "{\"func\":\"mul\",\"args\":[2,3],\"kwargs\":{},\"timeout\":" + digits + "}");
			raw.send(10, 52, "{\"func\":\"mul\",\"args\":[2,3],\"kwargs\":{},\"timeout\":-" + digits + "}");
			Map<Long, RawPeer.RawFrame> answers = new LinkedHashMap<>();
			for (int i = 0; i < 3; i++) {
				RawPeer.RawFrame frame = raw.read();
				answers.put(frame.serial(), frame);
			}
			assertThat(errorCode(answers.get(51L), 51)).isEqualTo("bad-request");
			assertThat(errorCode(answers.get(52L), 52)).isEqualTo("bad-request");
			assertThat(message(answers.get(51L))).contains("(999 characters)").doesNotContain("9".repeat(65));
			assertThat(answers.get(50L).type()).isEqualTo(20);
			assertThat(answers.get(50L).text()).isEqualTo("200");
			raw.send(10, 53, "{\"func\":\"mul\",\"args\":[6,7],\"kwargs\":{},\"timeout\":1.5}");
			assertThat(raw.read().text()).isEqualTo("42");
		}
		assertThat(logs.list).noneMatch((event) -> event.getFormattedMessage().contains("9".repeat(65)));
	}

	@Test
	void cborBignumAndDecimalTimeoutsAreAnsweredBadRequestOnTheirSerials() throws Exception {
		ObjectMapper cbor = io.patio.serializer.cbor.CborSerializer.mapper();
		TcpServerBroker server = this.peers.server("worker",
				TcpPeers.fast().serializer(CborSerializer.INSTANCE).build());
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			RawPeer.RawFrame challenge = raw.read();
			byte[] salt = { 1, 2, 3, 4 };
			byte[] digest = HandshakeDigest.compute(new byte[0], salt, challenge.payload());
			raw.send(1, 2, cbor.writeValueAsBytes(List.of(salt, digest, challenge.payload())));
			assertThat(raw.read().type()).isEqualTo(3);
			RawPeer.RawFrame discover = raw.read();
			raw.send(6, discover.serial(), cbor.writeValueAsBytes(List.of()));
			List<Object> timeouts = List.of(new BigInteger("9".repeat(400)), new BigDecimal("1e400"),
					new BigDecimal("-1e400"));
			long serial = 60;
			for (Object timeout : timeouts) {
				Map<String, Object> request = new LinkedHashMap<>();
				request.put("func", "mul");
				request.put("args", List.of(2, 3));
				request.put("kwargs", Map.of());
				request.put("timeout", timeout);
				raw.send(10, serial, cbor.writeValueAsBytes(request));
				RawPeer.RawFrame answer = raw.read();
				assertThat(answer.type()).isEqualTo(30);
				assertThat(answer.serial()).isEqualTo(serial);
				assertThat(cbor.readTree(answer.payload()).get("code").stringValue()).isEqualTo("bad-request");
				serial++;
			}
			raw.send(10, serial, cbor.writeValueAsBytes(Map.of("func", "mul", "args", List.of(6, 7))));
			RawPeer.RawFrame result = raw.read();
			assertThat(result.type()).isEqualTo(20);
			assertThat(cbor.readTree(result.payload()).intValue()).isEqualTo(42);
		}
	}

	// ---- oversized payloads fail only their call

	@Test
	void callWhoseRequestIsOverTheLimitFailsBeforeItIsSent() {
		TcpServerBroker worker = bigWorker(LARGE);
		TcpClientBroker caller = this.peers.client(null, TcpPeers.fast().maxFrameSize(SMALL).build(), worker);
		caller.connect();
		Throwable failure = failure(caller.call("echo", String.class, "a".repeat(SMALL + 1)));
		assertThat(failure).isInstanceOf(PayloadTooLargeException.class)
			.hasMessageMatching("(?s).*is \\d{5,} bytes, over this broker's limit.*")
			.hasMessageContaining("limit of " + SMALL + " bytes")
			.hasMessageContaining("patio.broker.tcp.max-frame-size")
			.hasMessageContaining("not sent");
		assertThat(((PayloadTooLargeException) failure).getCode().value()).isEqualTo("too-large");
		assertThat(worker.getConnections().get(0).getCallsReceived()).isZero();
		assertThat(caller.call("echo", String.class, "small").join()).isEqualTo("small");
	}

	@Test
	void requestOverTheWorkersLimitIsAnsweredTooLargeAndTheConnectionAndItsOtherCallsGoOn() {
		TcpServerBroker worker = bigWorker(SMALL);
		TcpClientBroker caller = this.peers.client(null, TcpPeers.fast().maxFrameSize(LARGE).build(), worker);
		caller.connect();
		TcpConnection connection = caller.getConnections().get(0);
		CompletableFuture<Long> unrelated = caller.call("slow", Long.class, 300L);
		Throwable failure = failure(caller.call("echo", String.class, "a".repeat(4 * SMALL)));
		assertThat(failure).isInstanceOf(PayloadTooLargeException.class)
			.hasMessageContaining("limit of " + SMALL + " bytes")
			.hasMessageContaining("discarded unread");
		assertThat(unrelated.join()).isEqualTo(300L);
		assertThat(caller.getConnections()).containsExactly(connection);
		assertThat(connection.isReady()).isTrue();
		assertThat(caller.call("echo", String.class, "after").join()).isEqualTo("after");
	}

	@Test
	void resultOverTheWorkersLimitIsAnsweredTooLargeInsteadOfBeingSent() {
		TcpServerBroker worker = bigWorker(SMALL);
		TcpClientBroker caller = this.peers.client(null, TcpPeers.fast().maxFrameSize(LARGE).build(), worker);
		caller.connect();
		TcpConnection connection = caller.getConnections().get(0);
		Throwable failure = failure(caller.call("text", String.class, 2 * SMALL));
		assertThat(failure).isInstanceOf(PayloadTooLargeException.class)
			.hasMessageContaining("The result of task 'text' is " + (2 * SMALL + 2) + " bytes")
			.hasMessageContaining("limit of " + SMALL + " bytes");
		assertThat(caller.getConnections()).containsExactly(connection);
		assertThat(caller.call("text", String.class, 3).join()).isEqualTo("aaa");
	}

	@Test
	void resultAndErrorOverTheCallersLimitFailOnlyTheirCallAndTheConnectionGoesOn() {
		TcpServerBroker worker = bigWorker(LARGE);
		TcpClientBroker caller = this.peers.client(null, TcpPeers.fast().maxFrameSize(SMALL).build(), worker);
		caller.connect();
		TcpConnection connection = caller.getConnections().get(0);
		CompletableFuture<Long> unrelated = caller.call("slow", Long.class, 300L);
		Throwable result = failure(caller.call("text", String.class, 4 * SMALL));
		assertThat(result).isInstanceOf(PayloadTooLargeException.class)
			.hasMessageContaining("The result of task 'text'")
			.hasMessageContaining("limit of " + SMALL + " bytes")
			.hasMessageContaining("discarded unread");
		Throwable error = failure(caller.call("fail", String.class, 4 * SMALL));
		assertThat(error).isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("The error of task 'fail'");
		assertThat(unrelated.join()).isEqualTo(300L);
		assertThat(caller.getConnections()).containsExactly(connection);
		assertThat(connection.isReady()).isTrue();
		assertThat(connection.getInFlight()).isZero();
		assertThat(caller.call("text", String.class, 3).join()).isEqualTo("aaa");
	}

	@Test
	void oversizedRequestFromARawPeerIsDiscardedAndAnsweredTooLargeOnItsSerial() throws Exception {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().maxFrameSize(SMALL).build());
		try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
			byte[] payload = ("{\"func\":\"mul\",\"args\":[\"" + "a".repeat(16 * SMALL) + "\"]}")
				.getBytes(StandardCharsets.UTF_8);
			raw.send(10, 70, payload);
			raw.send(10, 71, "{\"func\":\"mul\",\"args\":[6,7],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame tooLarge = raw.read();
			assertThat(errorCode(tooLarge, 70)).isEqualTo("too-large");
			assertThat(message(tooLarge)).contains(payload.length + " bytes").contains("limit of " + SMALL + " bytes");
			RawPeer.RawFrame result = raw.read();
			assertThat(result.serial()).isEqualTo(71);
			assertThat(result.text()).isEqualTo("42");
		}
	}

	// ---- helpers

	/** A worker running {@link BigTasks} with a frame limit of {@code maxFrameSize}. */
	private TcpServerBroker bigWorker(int maxFrameSize) {
		Registry registry = new Registry();
		BigTasks tasks = new BigTasks();
		for (String task : new String[] { "echo", "text", "fail", "slow" }) {
			registry.register(task, tasks, task);
		}
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 4, 1024);
		this.cleanups.add(() -> executor.shutdown(Duration.ofSeconds(1)));
		TcpServerBroker server = new TcpServerBroker(executor, TcpPeers.fast().maxFrameSize(maxFrameSize).build(),
				"127.0.0.1:0");
		server.start();
		this.cleanups.add(0, server::close);
		return server;
	}

	private static Throwable failure(CompletableFuture<?> call) {
		try {
			call.get(20, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (Exception ex) {
			throw new AssertionError("the call did not fail: " + ex, ex);
		}
		throw new AssertionError("the call did not fail");
	}

	private static void handshake(RawPeer raw) throws IOException {
		RawPeer.RawFrame challenge = raw.read();
		byte[] salt = { 1, 2, 3, 4 };
		byte[] digest = HandshakeDigest.compute(new byte[0], salt, challenge.payload());
		Base64.Encoder base64 = Base64.getEncoder();
		raw.send(1, 2, "[\"" + base64.encodeToString(salt) + "\",\"" + base64.encodeToString(digest) + "\",\""
				+ base64.encodeToString(challenge.payload()) + "\"]");
		assertThat(raw.read().type()).isEqualTo(3);
	}

	private static String errorCode(RawPeer.RawFrame frame, long serial) {
		assertThat(frame.type()).isEqualTo(30);
		assertThat(frame.serial()).isEqualTo(serial);
		return WireMapper.json().readTree(frame.payload()).get("code").stringValue();
	}

	private static String message(RawPeer.RawFrame frame) {
		JsonNode message = WireMapper.json().readTree(frame.payload()).get("message");
		return message.stringValue();
	}

	private ListAppender<ILoggingEvent> capture(Class<?> type) {
		return capture(type.getName());
	}

	private ListAppender<ILoggingEvent> capture(String name) {
		Logger logger = (Logger) LoggerFactory.getLogger(name);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		this.cleanups.add(() -> {
			logger.detachAppender(appender);
			logger.setLevel(level);
		});
		return appender;
	}

	/** Tasks with large arguments, results and errors. */
	public static class BigTasks {

		public String echo(String text) {
			return text;
		}

		public String text(int length) {
			return "a".repeat(length);
		}

		public String fail(int length) {
			throw new IllegalStateException("e".repeat(length));
		}

		public long slow(long millis) throws InterruptedException {
			Thread.sleep(millis);
			return millis;
		}

	}

}
