package io.patio.broker.tcp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One end of a connection that speaks the protocol by hand, byte by byte, without our
 * codec: what a peer written from the protocol page alone would do.
 */
final class RawPeer implements AutoCloseable {

	record RawFrame(int type, long size, long serial, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

	private final Socket socket;

	private final DataInputStream in;

	private final DataOutputStream out;

	RawPeer(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.in = new DataInputStream(socket.getInputStream());
		this.out = new DataOutputStream(socket.getOutputStream());
	}

	static RawPeer connect(int port) throws IOException {
		return new RawPeer(new Socket("127.0.0.1", port));
	}

	/**
	 * Connects, authenticates with {@code key} and answers the server's discovery with no
	 * tasks.
	 */
	static RawPeer ready(int port, String key) throws IOException {
		return ready(new Socket("127.0.0.1", port), key);
	}

	/** {@link #ready(int, String)} over a socket already connected. */
	static RawPeer ready(Socket socket, String key) throws IOException {
		RawPeer raw = authenticated(socket, key);
		RawFrame discover = raw.read();
		raw.send(6, discover.serial(), "[]");
		return raw;
	}

	/** Connects and authenticates with {@code key}, up to AUTH_OK. */
	static RawPeer authenticated(Socket socket, String key) throws IOException {
		RawPeer raw = new RawPeer(socket);
		RawFrame challenge = raw.read();
		if (challenge.type() != 0) {
			throw new IOException("expected AUTH_DIGEST, got " + challenge.type());
		}
		byte[] salt = { 1, 2, 3, 4 };
		byte[] digest = io.patio.protocol.HandshakeDigest.compute(key.getBytes(StandardCharsets.UTF_8), salt,
				challenge.payload());
		java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
		raw.send(1, 2, "[\"" + base64.encodeToString(salt) + "\",\"" + base64.encodeToString(digest) + "\",\""
				+ base64.encodeToString(challenge.payload()) + "\"]");
		if (raw.read().type() != 3) {
			throw new IOException("expected AUTH_OK");
		}
		return raw;
	}

	void send(int type, long serial, byte[] payload) throws IOException {
		this.out.writeByte(type);
		this.out.writeInt(payload.length);
		this.out.writeInt((int) serial);
		this.out.write(payload);
		this.out.flush();
	}

	void send(int type, long serial, String json) throws IOException {
		send(type, serial, json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends two frames in one write, so that the peer cannot close the connection between
	 * them: the second is surely pipelined behind the first.
	 */
	void sendPipelined(int type, long serial, String json, int nextType, long nextSerial, String nextJson)
			throws IOException {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		DataOutputStream frames = new DataOutputStream(bytes);
		for (Object[] frame : new Object[][] { { type, serial, json }, { nextType, nextSerial, nextJson } }) {
			byte[] payload = ((String) frame[2]).getBytes(StandardCharsets.UTF_8);
			frames.writeByte((int) frame[0]);
			frames.writeInt(payload.length);
			frames.writeInt((int) (long) frame[1]);
			frames.write(payload);
		}
		this.out.write(bytes.toByteArray());
		this.out.flush();
	}

	void sendHex(String hex) throws IOException {
		this.out.write(HexFormat.of().parseHex(hex.replace(" ", "")));
		this.out.flush();
	}

	RawFrame read() throws IOException {
		int type = this.in.readByte();
		long size = Integer.toUnsignedLong(this.in.readInt());
		long serial = Integer.toUnsignedLong(this.in.readInt());
		byte[] payload = new byte[(int) size];
		this.in.readFully(payload);
		return new RawFrame(type, size, serial, payload);
	}

	/**
	 * Whether the other side closed the connection (end of stream) within the socket
	 * timeout.
	 */
	boolean closedByPeer() throws IOException {
		try {
			while (true) {
				if (this.in.read() < 0) {
					return true;
				}
			}
		}
		catch (EOFException | java.net.SocketException ex) {
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

	Socket socket() {
		return this.socket;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
