package io.patio.broker.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seeded fuzz test: random and mutated frames (flipped bytes, truncations, wrong sizes,
 * wrong types, garbage, mangled JSON) over many connections, before and after the
 * handshake. The server must keep answering an honest peer and leak nothing. The seed is
 * printed; run again with {@code -Dpatio.fuzz.seed=<seed>} (and
 * {@code -Dpatio.fuzz.frames=<n>} for more).
 */
@Timeout(120)
@ExtendWith(LeakCheck.class)
class FuzzTests {

	private static final HexFormat HEX = HexFormat.of();

	/** The golden frames of the protocol page, and a few more valid ones. */
	private static final List<byte[]> GOLDEN = List.of(HEX.parseHex("050000000400000003" + "6e756c6c"),
			HEX.parseHex("060000000700000003" + "5b226d756c225d"),
			HEX.parseHex("0a0000003600000007"
					+ "7b2266756e63223a226d756c222c2261726773223a5b322c335d2c226b7761726773223a7b7d2c2274696d656f7574223a6e756c6c7d"),
			HEX.parseHex("140000000100000007" + "36"),
			frame(30, 8, "{\"code\":\"task-failed\",\"type\":\"KeyError\",\"message\":\"x\"}"),
			frame(10, 9,
					"{\"func\":\"add\",\"args\":[1],\"kwargs\":{\"b\":2},\"timeout\":1.5,\"headers\":{\"traceparent\":\"00-1-2-01\"}}"),
			frame(1, 2,
					"[\"3q2+7w==\",\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"IkFBRUNBd1FGQmdjSUNRb0xEQTBPRHc9PSI=\"]"),
			frame(3, 4, "null"));

	private static final String INSERTS = "{}[]\",:0-1e9x\\\u00e9";

	private final TcpPeers peers = new TcpPeers();

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
	}

	@Test
	void randomAndMutatedFramesNeverStopTheServerFromServingAnHonestPeer() throws Exception {
		long seed = Long.getLong("patio.fuzz.seed", System.nanoTime());
		int frames = Integer.getInteger("patio.fuzz.frames", 10_000);
		System.out.println("patio fuzz seed: " + seed + " (run again with -Dpatio.fuzz.seed=" + seed + ")");
		Random random = new Random(seed);
		TcpServerBroker server = this.peers.server("worker",
				TcpPeers.fast()
					.maxFrameSize(64 * 1024)
					.handshakeTimeout(Duration.ofSeconds(3))
					.pingInterval(Duration.ofSeconds(1))
					.pingTimeout(Duration.ofSeconds(1))
					.build());
		TcpClientBroker honest = this.peers.connected(null, server);
		int sent = 0;
		int connections = 0;
		while (sent < frames) {
			int batch = 20 + random.nextInt(40);
			boolean authenticated = random.nextInt(10) < 7;
			try (Socket socket = authenticated ? rawReady(server) : new Socket("127.0.0.1", server.getPort())) {
				socket.setSoTimeout(2_000);
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				for (int i = 0; i < batch; i++) {
					bytes.write(fuzzFrame(random));
				}
				OutputStream out = socket.getOutputStream();
				try {
					out.write(bytes.toByteArray());
					out.flush();
				}
				catch (IOException ex) {
					// the server closed this connection already: that is an allowed
					// answer
				}
				if (random.nextBoolean()) {
					socket.setSoLinger(true, 0); // end with a reset instead of a FIN
				}
			}
			sent += batch;
			connections++;
		}
		System.out.println("patio fuzz: " + sent + " frames over " + connections + " connections");
		// the honest peer is still served, and a new one can connect
		assertThat(honest.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
		TcpClientBroker newcomer = this.peers.connected(null, server);
		assertThat(newcomer.call("add", Integer.class, 40, 2).join()).isEqualTo(42);
		// every fuzzing connection is gone; only the two honest ones are left
		await().atMost(Duration.ofSeconds(10)).until(() -> server.getConnections().size() == 2);
		assertThat(server.getConnections()).allSatisfy((connection) -> assertThat(connection.getInFlight()).isZero());
	}

	private static Socket rawReady(TcpServerBroker server) throws IOException {
		RawPeer peer = RawPeer.ready(server.getPort(), "");
		return peer.socket();
	}

	private static byte[] fuzzFrame(Random random) {
		byte[] golden = GOLDEN.get(random.nextInt(GOLDEN.size())).clone();
		switch (random.nextInt(8)) {
			case 0 -> {
				// flipped bytes, anywhere
				for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
					golden[random.nextInt(golden.length)] ^= (byte) (1 + random.nextInt(255));
				}
				return golden;
			}
			case 1 -> {
				// truncated
				byte[] cut = new byte[random.nextInt(golden.length)];
				System.arraycopy(golden, 0, cut, 0, cut.length);
				return cut;
			}
			case 2 -> {
				// a size that lies: smaller, larger, or huge
				long size = switch (random.nextInt(3)) {
					case 0 -> random.nextInt(golden.length);
					case 1 -> golden.length + random.nextInt(100);
					default -> 0xFFFFFFFFL - random.nextInt(1000);
				};
				ByteBuffer.wrap(golden).putInt(1, (int) size);
				return golden;
			}
			case 3 -> {
				// a wrong type, valid or not
				golden[0] = (byte) random.nextInt(256);
				return golden;
			}
			case 4 -> {
				byte[] garbage = new byte[1 + random.nextInt(64)];
				random.nextBytes(garbage);
				return garbage;
			}
			case 5 -> {
				// a REQUEST whose JSON is mangled
				String json = new String(GOLDEN.get(2), 9, GOLDEN.get(2).length - 9, StandardCharsets.UTF_8);
				StringBuilder mangled = new StringBuilder(json);
				for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
					int at = random.nextInt(mangled.length());
					switch (random.nextInt(3)) {
						case 0 -> mangled.deleteCharAt(at);
						case 1 -> mangled.insert(at, INSERTS.charAt(random.nextInt(INSERTS.length())));
						default -> mangled.setCharAt(at, (char) (32 + random.nextInt(95)));
					}
				}
				return frame(10, random.nextInt(), mangled.toString());
			}
			case 6 -> {
				// a valid header over a random payload
				byte[] payload = new byte[random.nextInt(200)];
				random.nextBytes(payload);
				int[] types = { 0, 1, 2, 3, 5, 6, 10, 20, 30 };
				return frame(types[random.nextInt(types.length)], random.nextInt(), payload);
			}
			default -> {
				return golden;
			}
		}
	}

	private static byte[] frame(int type, long serial, String json) {
		return frame(type, serial, json.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] frame(int type, long serial, byte[] payload) {
		return ByteBuffer.allocate(9 + payload.length)
			.put((byte) type)
			.putInt(payload.length)
			.putInt((int) serial)
			.put(payload)
			.array();
	}

}
