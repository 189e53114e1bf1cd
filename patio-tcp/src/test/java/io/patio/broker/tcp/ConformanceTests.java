package io.patio.broker.tcp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import io.patio.TaskTimeoutException;
import io.patio.call.Call;
import io.patio.serializer.WireMapper;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hand-built frames drive our server, and a hand-written fake server drives our client:
 * the golden frames, the handshake and the discovery order of the protocol page, both
 * ways.
 */
@Timeout(60)
@org.junit.jupiter.api.extension.ExtendWith(LeakCheck.class)
class ConformanceTests {

	private static final HexFormat HEX = HexFormat.of();

	private final TcpPeers peers = new TcpPeers();

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
	}

	@Test
	void handBuiltFramesDriveOurServer() throws Exception {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().key("secret-key").build());
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			handshake(raw, "secret-key");
			// right after AUTH_OK the server asks what we offer
			RawPeer.RawFrame discover = raw.read();
			assertThat(discover.type()).isEqualTo(5);
			assertThat(discover.text()).isEqualTo("null");
			// golden DISCOVER_REQUEST, serial 3: answered with the same serial
			raw.sendHex("05 00000004 00000003 6e756c6c");
			RawPeer.RawFrame offer = raw.read();
			assertThat(offer.type()).isEqualTo(6);
			assertThat(offer.serial()).isEqualTo(3);
			assertThat(WireMapper.json().readTree(offer.payload()).valueStream().map(JsonNode::stringValue))
				.contains("mul", "add", "whoami");
			raw.send(6, discover.serial(), "[]");
			// golden REQUEST mul(2, 3), serial 7, answered with the golden RESPONSE
			raw.sendHex(
					"0a 00000036 00000007 7b2266756e63223a226d756c222c2261726773223a5b322c335d2c226b7761726773223a7b7d2c2274696d656f7574223a6e756c6c7d");
			RawPeer.RawFrame response = raw.read();
			assertThat(HEX.formatHex(frameBytes(response))).isEqualTo("14" + "00000001" + "00000007" + "36");
			// kwargs, a timeout and unknown fields are fine
			raw.send(10, 8, "{\"func\":\"add\",\"args\":[1],\"kwargs\":{\"b\":41},\"timeout\":2.5,\"x-extra\":true}");
			RawPeer.RawFrame added = raw.read();
			assertThat(added.type()).isEqualTo(20);
			assertThat(added.serial()).isEqualTo(8);
			assertThat(added.text()).isEqualTo("42");
		}
	}

	@Test
	void serialsOnTheWireWrapFrom4294967295ToOneNeverZero() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		server.serials().reset(io.patio.protocol.Serials.MAX - 1);
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			RawPeer.RawFrame challenge = raw.read();
			assertThat(challenge.serial()).isEqualTo(4294967295L);
			byte[] salt = HEX.parseHex("01");
			raw.send(1, 0xFFFFFFFFL,
					authRequest(salt, blake2s(new byte[0], salt, challenge.payload()), challenge.payload()));
			RawPeer.RawFrame ok = raw.read();
			assertThat(ok.type()).isEqualTo(3);
			assertThat(ok.serial()).isEqualTo(1);
			RawPeer.RawFrame discover = raw.read();
			assertThat(discover.type()).isEqualTo(5);
			assertThat(discover.serial()).isEqualTo(2);
			// a peer's serial above 2^31 is echoed unsigned
			raw.send(10, 0xFFFFFFFEL, "{\"func\":\"mul\",\"args\":[3,3],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame response = raw.read();
			assertThat(response.serial()).isEqualTo(0xFFFFFFFEL);
			assertThat(response.text()).isEqualTo("9");
		}
	}

	@Test
	void requestThatDoesNotDecodeIsAnsweredBadRequestAndTheConnectionStaysOpen() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		try (RawPeer raw = readyRawPeer(server)) {
			raw.send(10, 11, "{\"func\": 5}");
			RawPeer.RawFrame error = raw.read();
			assertThat(error.type()).isEqualTo(30);
			assertThat(error.serial()).isEqualTo(11);
			JsonNode payload = WireMapper.json().readTree(error.payload());
			assertThat(payload.get("code").stringValue()).isEqualTo("bad-request");
			assertThat(payload.get("type").stringValue()).isEqualTo("io.patio.BadRequestException");
			raw.send(10, 12, "not json at all");
			RawPeer.RawFrame garbage = raw.read();
			assertThat(garbage.serial()).isEqualTo(12);
			assertThat(WireMapper.json().readTree(garbage.payload()).get("code").stringValue())
				.isEqualTo("bad-request");
			raw.send(10, 13, "{\"func\":\"mul\",\"args\":[4,5],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame response = raw.read();
			assertThat(response.type()).isEqualTo(20);
			assertThat(response.serial()).isEqualTo(13);
			assertThat(response.text()).isEqualTo("20");
		}
	}

	@Test
	void unknownTaskAndBadArgumentsAreAnsweredWithTheirCodes() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		try (RawPeer raw = readyRawPeer(server)) {
			raw.send(10, 21, "{\"func\":\"nope\",\"args\":[],\"kwargs\":{},\"timeout\":null}");
			assertThat(errorCode(raw.read(), 21)).isEqualTo("unknown-task");
			raw.send(10, 22, "{\"func\":\"add\",\"args\":[\"1\",2],\"kwargs\":{},\"timeout\":null}");
			assertThat(errorCode(raw.read(), 22)).isEqualTo("bad-arguments");
			raw.send(10, 23, "{\"func\":\"add\",\"args\":[1.5,2],\"kwargs\":{},\"timeout\":null}");
			assertThat(errorCode(raw.read(), 23)).isEqualTo("bad-arguments");
			raw.send(10, 24, "{\"func\":\"boom\",\"args\":[\"bad\"],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame failed = raw.read();
			assertThat(errorCode(failed, 24)).isEqualTo("task-failed");
			JsonNode payload = WireMapper.json().readTree(failed.payload());
			assertThat(payload.get("type").stringValue()).isEqualTo("java.lang.IllegalStateException");
			assertThat(payload.get("message").stringValue()).isEqualTo("bad");
			raw.send(10, 25, "{\"func\":\"slow\",\"args\":[2000],\"kwargs\":{},\"timeout\":0.05}");
			assertThat(errorCode(raw.read(), 25)).isEqualTo("timeout");
		}
	}

	@Test
	void oversizeDiscoverResponseClosesOnlyThatConnection() throws Exception {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().maxFrameSize(1024).build());
		TcpClientBroker honest = this.peers.connected(null, server);
		try (RawPeer raw = readyRawPeer(server)) {
			raw.sendHex("06 00000401 00000009");
			assertThat(raw.closedByPeer()).isTrue();
		}
		assertThat(honest.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
	}

	@Test
	void unknownPacketTypeClosesOnlyThatConnection() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker honest = this.peers.connected(null, server);
		try (RawPeer raw = readyRawPeer(server)) {
			raw.send(42, 9, "null");
			assertThat(raw.closedByPeer()).isTrue();
		}
		assertThat(honest.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
	}

	@Test
	void anythingButTheHandshakeBeforeAuthOkClosesTheConnection() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			assertThat(raw.read().type()).isZero();
			raw.sendHex(
					"0a 00000036 00000007 7b2266756e63223a226d756c222c2261726773223a5b322c335d2c226b7761726773223a7b7d2c2274696d656f7574223a6e756c6c7d");
			assertThat(raw.closedByPeer()).isTrue();
		}
	}

	@Test
	void digestOverAnotherChallengeIsRefused() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			assertThat(raw.read().type()).isZero();
			// a correct digest, but over a challenge this connection never sent (a
			// replay)
			byte[] token = "\"AAECAwQFBgcICQoLDA0ODw==\"".getBytes(StandardCharsets.US_ASCII);
			byte[] salt = HEX.parseHex("deadbeef");
			raw.send(1, 2, authRequest(salt, blake2s(new byte[0], salt, token), token));
			assertThat(raw.closedByPeer()).isTrue();
		}
	}

	@Test
	void saltAndDigestLengthsAreValidated() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			byte[] token = raw.read().payload();
			byte[] salt = new byte[9];
			raw.send(1, 2, authRequest(salt, new byte[32], token));
			assertThat(raw.closedByPeer()).isTrue();
		}
	}

	@Test
	void stalledHandshakeIsDroppedAfterTheTimeout() throws Exception {
		TcpServerBroker server = this.peers.server("worker",
				TcpPeers.fast().handshakeTimeout(Duration.ofMillis(200)).build());
		try (RawPeer raw = RawPeer.connect(server.getPort())) {
			assertThat(raw.read().type()).isZero();
			assertThat(raw.closedByPeer()).isTrue();
		}
	}

	@Test
	void anAuthenticatedClientOverMaxConnectionsGetsAnErrorInsteadOfAuthOkAndIsClosed() throws Exception {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().maxConnections(1).build());
		try (RawPeer first = readyRawPeer(server); RawPeer second = RawPeer.connect(server.getPort())) {
			RawPeer.RawFrame challenge = second.read();
			byte[] salt = { 1, 2, 3, 4 };
			byte[] digest = io.patio.protocol.HandshakeDigest.compute(new byte[0], salt, challenge.payload());
			Base64.Encoder base64 = Base64.getEncoder();
			// a REQUEST pipelined behind the AUTH_REQUEST (in the same write: the server
			// closes at once, and a second write could meet a closed socket) never runs
			second.sendPipelined(1, 2,
					"[\"" + base64.encodeToString(salt) + "\",\"" + base64.encodeToString(digest) + "\",\""
							+ base64.encodeToString(challenge.payload()) + "\"]",
					10, 3, "{\"func\":\"mul\",\"args\":[3,3],\"kwargs\":{},\"timeout\":null}");
			RawPeer.RawFrame refusal = second.read();
			assertThat(refusal.type()).isEqualTo(30);
			JsonNode error = WireMapper.json().readTree(refusal.payload());
			assertThat(error.get("code").stringValue()).isEqualTo("rejected");
			assertThat(error.get("message").stringValue())
				.contains("over the limit of 1 authenticated connections (max-connections)");
			assertThat(second.closedByPeer()).isTrue();
			// the pipelined REQUEST never ran: the only call the executor ran is the next
			assertThat(server.getExecutor().getStats().completed()).isZero();
			first.send(10, 5, "{\"func\":\"mul\",\"args\":[2,2],\"kwargs\":{},\"timeout\":null}");
			assertThat(first.read().text()).isEqualTo("4");
			// the answer can be on the wire a moment before the executor counts the call
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(server.getExecutor().getStats().completed()).isEqualTo(1));
			assertThat(server.getRefusedConnections()).isEqualTo(1);
		}
	}

	@Test
	void halfOpenPeerIsPingedAndDropped() throws Exception {
		TcpServerBroker server = this.peers.server("worker",
				TcpPeers.fast().pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofMillis(200)).build());
		try (RawPeer raw = readyRawPeer(server)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnections().size() == 1);
			RawPeer.RawFrame ping = raw.read();
			assertThat(ping.type()).isEqualTo(5);
			// answering keeps the connection
			raw.send(6, ping.serial(), "[]");
			RawPeer.RawFrame second = raw.read();
			assertThat(second.type()).isEqualTo(5);
			// silence drops it
			assertThat(raw.closedByPeer()).isTrue();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnections().isEmpty());
	}

	@Test
	void handWrittenFakeServerDrivesOurClient() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			TcpClientBroker client = this.peers.clientTo("client-tasks", TcpPeers.fast().key("secret-key").build(),
					"127.0.0.1:" + listener.getLocalPort());
			TcpClientBroker ours = client;
			CompletableFuture<Void> connected = CompletableFuture.runAsync(ours::connect);
			try (RawPeer fake = new RawPeer(listener.accept())) {
				// the challenge of the protocol page's known answer
				fake.send(0, 1, "\"AAECAwQFBgcICQoLDA0ODw==\"");
				RawPeer.RawFrame auth = fake.read();
				assertThat(auth.type()).isEqualTo(1);
				JsonNode triple = WireMapper.json().readTree(auth.payload());
				byte[] salt = Base64.getDecoder().decode(triple.get(0).stringValue());
				byte[] digest = Base64.getDecoder().decode(triple.get(1).stringValue());
				byte[] token = Base64.getDecoder().decode(triple.get(2).stringValue());
				assertThat(salt).hasSize(4);
				assertThat(new String(token, StandardCharsets.US_ASCII)).isEqualTo("\"AAECAwQFBgcICQoLDA0ODw==\"");
				assertThat(digest).isEqualTo(blake2s("secret-key".getBytes(StandardCharsets.US_ASCII), salt, token));
				fake.send(3, 2, "null");
				// the client asks what we offer right after AUTH_OK
				RawPeer.RawFrame discover = fake.read();
				assertThat(discover.type()).isEqualTo(5);
				assertThat(discover.text()).isEqualTo("null");
				fake.sendHex("05 00000004 00000003 6e756c6c");
				RawPeer.RawFrame offer = fake.read();
				assertThat(offer.type()).isEqualTo(6);
				assertThat(offer.serial()).isEqualTo(3);
				assertThat(offer.text()).contains("\"whoami\"");
				assertThat(connected).isNotDone();
				// golden DISCOVER_RESPONSE ["mul"] on the client's serial
				fake.send(6, discover.serial(), HEX.parseHex("5b226d756c225d"));
				assertThat(connected).succeedsWithin(Duration.ofSeconds(5));

				CompletableFuture<Integer> product = ours
					.call(Call.of("mul", Integer.class).args(2, 3).header("traceparent", "00-abc-def-01"));
				RawPeer.RawFrame request = fake.read();
				assertThat(request.type()).isEqualTo(10);
				JsonNode call = WireMapper.json().readTree(request.payload());
				assertThat(call.get("func").stringValue()).isEqualTo("mul");
				assertThat(call.get("args").toString()).isEqualTo("[2,3]");
				assertThat(call.get("kwargs").toString()).isEqualTo("{}");
				assertThat(call.get("timeout").doubleValue()).isBetween(25.0, 30.0);
				assertThat(call.get("headers").toString()).isEqualTo("{\"traceparent\":\"00-abc-def-01\"}");
				fake.send(20, request.serial(), "6");
				assertThat(product).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(6);

				// a timed-out call's answer comes late: dropped, counted, the connection
				// stays open
				CompletableFuture<Integer> late = ours
					.call(Call.of("mul", Integer.class).args(5, 5).timeout(Duration.ofMillis(100)));
				RawPeer.RawFrame slow = fake.read();
				assertThat(late).failsWithin(Duration.ofSeconds(5))
					.withThrowableOfType(java.util.concurrent.ExecutionException.class)
					.havingCause()
					.isInstanceOf(TaskTimeoutException.class);
				fake.send(20, slow.serial(), "25");
				TcpClientBroker counted = ours;
				await().atMost(Duration.ofSeconds(5)).until(() -> counted.getLateAnswers() == 1);

				// an ERROR maps to a typed exception; the remote type is a name only
				CompletableFuture<Integer> failing = ours.call("mul", Integer.class, 1);
				RawPeer.RawFrame third = fake.read();
				fake.send(30, third.serial(),
						"{\"code\":\"task-failed\",\"type\":\"ZeroDivisionError\",\"message\":\"division by zero\",\"extra\":1}");
				assertThat(failing).failsWithin(Duration.ofSeconds(5))
					.withThrowableOfType(java.util.concurrent.ExecutionException.class)
					.havingCause()
					.isInstanceOfSatisfying(io.patio.RemoteTaskException.class, (ex) -> {
						assertThat(ex.getRemoteType()).isEqualTo("ZeroDivisionError");
						assertThat(ex.getRemoteMessage()).isEqualTo("division by zero");
					});

				// the fake server calls a task of the client (mixed mode)
				fake.send(10, 100, "{\"func\":\"whoami\",\"args\":[],\"kwargs\":{},\"timeout\":null}");
				RawPeer.RawFrame answer = fake.read();
				assertThat(answer.type()).isEqualTo(20);
				assertThat(answer.serial()).isEqualTo(100);
				assertThat(answer.text()).isEqualTo("\"client-tasks\"");

				// a call in flight when the connection drops fails at once
				CompletableFuture<Integer> dropped = ours.call("mul", Integer.class, 9, 9);
				fake.read();
				fake.close();
				assertThat(dropped).failsWithin(Duration.ofSeconds(5))
					.withThrowableOfType(java.util.concurrent.ExecutionException.class)
					.havingCause()
					.isInstanceOf(io.patio.ConnectionLostException.class);
			}
		}
	}

	private RawPeer readyRawPeer(TcpServerBroker server) throws Exception {
		RawPeer raw = RawPeer.connect(server.getPort());
		handshake(raw, "");
		RawPeer.RawFrame discover = raw.read();
		assertThat(discover.type()).isEqualTo(5);
		raw.send(6, discover.serial(), "[]");
		return raw;
	}

	private static void handshake(RawPeer raw, String key) throws Exception {
		RawPeer.RawFrame challenge = raw.read();
		assertThat(challenge.type()).isZero();
		String text = challenge.text();
		assertThat(text).startsWith("\"").endsWith("\"");
		assertThat(Base64.getDecoder().decode(text.substring(1, text.length() - 1))).hasSize(16);
		byte[] salt = HEX.parseHex("deadbeef");
		byte[] token = challenge.payload();
		raw.send(1, 2, authRequest(salt, blake2s(key.getBytes(StandardCharsets.US_ASCII), salt, token), token));
		RawPeer.RawFrame ok = raw.read();
		assertThat(ok.type()).isEqualTo(3);
		assertThat(ok.text()).isEqualTo("null");
	}

	private static String authRequest(byte[] salt, byte[] digest, byte[] token) {
		Base64.Encoder base64 = Base64.getEncoder();
		return "[\"" + base64.encodeToString(salt) + "\",\"" + base64.encodeToString(digest) + "\",\""
				+ base64.encodeToString(token) + "\"]";
	}

	/** The digest computed here, independently of our HandshakeDigest. */
	private static byte[] blake2s(byte[] key, byte[] salt, byte[] token) {
		byte[] padded = new byte[8];
		System.arraycopy(salt, 0, padded, 0, Math.min(8, salt.length));
		Blake2sDigest digest = new Blake2sDigest((key.length > 0) ? key : null, 32, padded, null);
		digest.update(token, 0, token.length);
		byte[] out = new byte[32];
		digest.doFinal(out, 0);
		return out;
	}

	private static String errorCode(RawPeer.RawFrame frame, long serial) {
		assertThat(frame.type()).isEqualTo(30);
		assertThat(frame.serial()).isEqualTo(serial);
		return WireMapper.json().readTree(frame.payload()).get("code").stringValue();
	}

	private static byte[] frameBytes(RawPeer.RawFrame frame) {
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(9 + frame.payload().length);
		buffer.put((byte) frame.type()).putInt((int) frame.size()).putInt((int) frame.serial()).put(frame.payload());
		return buffer.array();
	}

}
