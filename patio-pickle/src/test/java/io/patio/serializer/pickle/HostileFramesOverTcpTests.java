package io.patio.serializer.pickle;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.protocol.HandshakeDigest;
import io.patio.protocol.PacketType;
import io.patio.registry.Registry;
import io.patio.serializer.CallPayload;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.patio.serializer.pickle.Golden.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Hostile REQUEST pickles sent to our server over a real socket, after a real handshake:
 * each is answered on its own serial with a {@code TypeError} (our {@code bad-request}),
 * nothing is executed, and a good call on the same connection still answers. In the
 * handshake, a hostile pickle closes the connection.
 */
class HostileFramesOverTcpTests {

	private static final String KEY = "hostile-test-key";

	private final Serializer pickle = Serializer.forName("pickle");

	private ThreadPoolPatioExecutor executor;

	private TcpServerBroker server;

	public static class Tasks {

		public int mul(int a, int b) {
			return a * b;
		}

	}

	@BeforeEach
	void start() {
		Registry registry = new Registry();
		registry.register("mul", new Tasks(), "mul");
		this.executor = new ThreadPoolPatioExecutor(registry, 2, 100);
		this.server = new TcpServerBroker(this.executor,
				TcpBrokerOptions.builder().serializer(this.pickle).key(KEY).eventLoopThreads(1).build(), "127.0.0.1:0");
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.executor.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void hostileRequestsAreAnsweredBadRequestAndTheConnectionGoesOn() throws Exception {
		Map<String, byte[]> hostile = new LinkedHashMap<>();
		hostile.put("eval", call("__builtin__", "eval"));
		hostile.put("getoutput", call("subprocess", "getoutput"));
		hostile.put("os.system", call("os", "system"));
		hostile.put("posix.system", call("posix", "system"));
		hostile.put("persistent id", bytes("8004" + "8c0131" + "51" + "2e"));
		hostile.put("extension", bytes("8004" + "8201" + "2e"));
		hostile.put("BINBYTES8 2^62", bytes("8004" + "8e" + "0000000000000040" + "2e"));
		hostile.put("BINUNICODE8 2^62", bytes("8004" + "8d" + "0000000000000040" + "2e"));
		hostile.put("LONG4 2^31-1", bytes("8004" + "8b" + "ffffff7f" + "2e"));
		hostile.put("nested lists", nestedLists(100_000));
		hostile.put("memo bomb", memoBomb());
		try (Socket socket = handshake(KEY)) {
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			DataInputStream in = new DataInputStream(socket.getInputStream());
			int serial = 100;
			for (byte[] payload : hostile.values()) {
				write(out, PacketType.REQUEST, serial++, payload);
			}
			write(out, PacketType.REQUEST, 999,
					this.pickle.encodeCall(new CallPayload("mul", List.of(6, 7), Map.of(), 30.0, Map.of())));
			Map<Long, Object> answers = new LinkedHashMap<>();
			while (answers.size() < hostile.size() + 1) {
				Frame frame = read(in, out);
				if (frame.type == PacketType.ERROR) {
					answers.put(frame.serial, PickleReader.read(frame.payload, 1000, 10, PickleReader.Mode.ERROR));
				}
				else if (frame.type == PacketType.RESPONSE) {
					answers.put(frame.serial, this.pickle.decode(frame.payload));
				}
			}
			serial = 100;
			for (String name : hostile.keySet()) {
				Object answer = answers.get((long) serial++);
				assertThat(answer).as(name).isInstanceOf(PickledException.class);
				PickledException error = (PickledException) answer;
				assertThat(error.qualifiedName()).as(name).isEqualTo("builtins.TypeError");
				assertThat((String) error.args().get(0)).as(name).startsWith("Bad REQUEST: Not a pickle patio reads");
			}
			assertThat(answers.get(999L)).isEqualTo(42);
		}
	}

	@Test
	void aHostilePickleInTheHandshakeClosesTheConnection() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.getPort()), 10_000);
			socket.setSoTimeout(30_000);
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			DataInputStream in = new DataInputStream(socket.getInputStream());
			assertThat(read(in, out).type).isEqualTo(PacketType.AUTH_DIGEST);
			write(out, PacketType.AUTH_REQUEST, 1, call("os", "system"));
			assertThatExceptionOfType(EOFException.class).isThrownBy(() -> read(in, out));
		}
		assertThat(this.server.getAuthenticatedConnections()).isZero();
	}

	/** {@code module.name('echo pwned')}, as protocol 2 writes it. */
	private static byte[] call(String module, String name) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes("8002"));
		out.write('c');
		out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(bytes("580a000000"));
		out.writeBytes("echo pwned".getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(bytes("85522e"));
		return out.toByteArray();
	}

	/** A pickle of {@code depth} lists, each inside the one before. */
	static byte[] nestedLists(int depth) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes("8004"));
		out.writeBytes("]".repeat(depth).getBytes(StandardCharsets.US_ASCII));
		out.writeBytes("a".repeat(depth - 1).getBytes(StandardCharsets.US_ASCII));
		out.write('.');
		return out.toByteArray();
	}

	/** A list of 1,000 ints, memoized, then referenced 100,000 times: 10^8 values. */
	private static byte[] memoBomb() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes("8004" + "5d94" + "28"));
		for (int i = 0; i < 1000; i++) {
			out.writeBytes(bytes("4b00"));
		}
		out.writeBytes(bytes("6530" + "5d"));
		for (int batch = 0; batch < 100; batch++) {
			out.write('(');
			for (int i = 0; i < 1000; i++) {
				out.writeBytes(bytes("6800"));
			}
			out.write('e');
		}
		out.write('.');
		return out.toByteArray();
	}

	private Socket handshake(String key) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.getPort()), 10_000);
		socket.setSoTimeout(60_000);
		DataOutputStream out = new DataOutputStream(socket.getOutputStream());
		DataInputStream in = new DataInputStream(socket.getInputStream());
		Frame challenge = read(in, out);
		assertThat(challenge.type).isEqualTo(PacketType.AUTH_DIGEST);
		byte[] salt = HandshakeDigest.randomBytes(HandshakeDigest.SALT_SIZE);
		byte[] digest = HandshakeDigest.compute(key.getBytes(StandardCharsets.UTF_8), salt, challenge.payload);
		write(out, PacketType.AUTH_REQUEST, 1, this.pickle.encode(List.of(salt, digest, challenge.payload)));
		assertThat(read(in, out).type).isEqualTo(PacketType.AUTH_OK);
		return socket;
	}

	private record Frame(PacketType type, long serial, byte[] payload) {
	}

	/** The next frame; a DISCOVER_REQUEST is answered on the way (we offer no tasks). */
	private Frame read(DataInputStream in, DataOutputStream out) throws IOException {
		while (true) {
			PacketType type = PacketType.fromWire(in.readUnsignedByte());
			int length = in.readInt();
			long serial = Integer.toUnsignedLong(in.readInt());
			byte[] payload = in.readNBytes(length);
			if (payload.length < length) {
				throw new EOFException();
			}
			if (type == PacketType.DISCOVER_REQUEST) {
				write(out, PacketType.DISCOVER_RESPONSE, serial, this.pickle.encode(List.of()));
				continue;
			}
			return new Frame(type, serial, payload);
		}
	}

	private static void write(DataOutputStream out, PacketType type, long serial, byte[] payload) throws IOException {
		out.writeByte(type.value());
		out.writeInt(payload.length);
		out.writeInt((int) serial);
		out.write(payload);
		out.flush();
	}

}
