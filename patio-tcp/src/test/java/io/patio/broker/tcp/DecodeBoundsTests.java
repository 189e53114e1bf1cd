package io.patio.broker.tcp;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.patio.BadRequestException;
import io.patio.executor.NullPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.cbor.CborSerializer;
import io.patio.serializer.JsonSerializer;
import io.patio.serializer.SerializationException;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding one frame is bounded in memory, not only in bytes: the worst shapes of a
 * maximal frame, decoded through the path a REQUEST takes on a broker (its bounded
 * serializer's {@link Serializer#decodeCall}), allocate at most {@value #K} times the
 * frame's bytes, measured with {@code ThreadMXBean.getThreadAllocatedBytes} on this
 * thread. The frame limit is 4 MiB to keep the test quick; the bound is a ratio, the same
 * for any limit.
 */
class DecodeBoundsTests {

	/** The bound stated in docs/security.md: allocation per byte of a maximal frame. */
	static final int K = 16;

	private static final int MAX_FRAME = 4 * 1024 * 1024;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	@Test
	void worstShapesOfAMaximalJsonFrameAllocateAtMostKTimesItsBytes() {
		assertBounded(serializerOfABroker(JsonSerializer.INSTANCE), false);
	}

	@Test
	void worstShapesOfAMaximalCborFrameAllocateAtMostKTimesItsBytes() {
		assertBounded(serializerOfABroker(CborSerializer.INSTANCE), true);
	}

	@Test
	void handshakeTripleIsReadAsAStreamNeverAsATree() {
		for (Serializer serializer : List.of(JsonSerializer.INSTANCE, CborSerializer.INSTANCE)) {
			byte[] salt = { 1, 2, 3, 4 };
			byte[] digest = new byte[32];
			byte[] token = "\"AAECAwQFBgcICQoLDA0ODw==\"".getBytes(StandardCharsets.UTF_8);
			byte[][] triple = serializer.decodeByteStrings(serializer.encode(List.of(salt, digest, token)), 3);
			assertThat(triple).isDeepEqualTo(new byte[][] { salt, digest, token });
			byte[] bomb = shape(Shape.EMPTY_OBJECTS, serializer == CborSerializer.INSTANCE, 16 * 1024 * 1024, false);
			long allocated = allocation(() -> serializer.decodeByteStrings(bomb, 3));
			// the first element is not a byte string: it stops there, whatever follows
			assertThat(allocated).isLessThan(256 * 1024);
		}
	}

	private void assertBounded(Serializer serializer, boolean cbor) {
		Map<Shape, Long> ratios = new LinkedHashMap<>();
		for (Shape shape : Shape.values()) {
			byte[] payload = shape(shape, cbor, MAX_FRAME, true);
			assertThat(payload.length).isLessThanOrEqualTo(MAX_FRAME);
			Runnable decode = () -> serializer.decodeCall(payload);
			allocation(decode);
			long allocated = allocation(decode);
			ratios.put(shape, allocated / payload.length);
			assertThat(allocated)
				.as("%s %s: %s bytes allocated for a frame of %s", serializer, shape, allocated, payload.length)
				.isLessThanOrEqualTo((long) K * payload.length);
		}
		System.out.println("patio decode bounds (" + serializer + ", bytes allocated per frame byte): " + ratios);
	}

	private static Serializer serializerOfABroker(Serializer serializer) {
		TcpServerBroker broker = new TcpServerBroker(new NullPatioExecutor(new Registry()),
				TcpBrokerOptions.builder().serializer(serializer).maxFrameSize(MAX_FRAME).build(), "127.0.0.1:0");
		return broker.wireSerializer();
	}

	/** The bytes this thread allocates while running {@code decode}; a refusal counts. */
	private static long allocation(Runnable decode) {
		long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
		try {
			decode.run();
		}
		catch (SerializationException | BadRequestException ex) {
			// over a bound: answered bad-request
		}
		return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
	}

	enum Shape {

		EMPTY_OBJECTS, EMPTY_ARRAYS, SHORT_STRINGS, EMPTY_STRINGS, SMALL_NUMBERS, DECIMALS, DEEP_NESTING, MANY_FIELDS,
		LONG_STRING

	}

	/**
	 * A payload of about {@code size} bytes: a REQUEST whose only argument is the shape,
	 * or the bare shape.
	 */
	static byte[] shape(Shape shape, boolean cbor, int size, boolean asRequest) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(size);
		int end = size - 2;
		if (asRequest) {
			if (cbor) {
				// {_ "func": "f", "args": [_ shape ] }
				out.writeBytes(new byte[] { (byte) 0xbf, 0x64, 'f', 'u', 'n', 'c', 0x61, 'f', 0x64, 'a', 'r', 'g', 's',
						(byte) 0x9f });
			}
			else {
				out.writeBytes("{\"func\":\"f\",\"args\":[".getBytes(StandardCharsets.UTF_8));
			}
			end -= 2;
		}
		if (cbor) {
			cborShape(shape, out, end);
		}
		else {
			jsonShape(shape, out, end);
		}
		if (asRequest) {
			out.writeBytes(cbor ? new byte[] { (byte) 0xff, (byte) 0xff } : "]}".getBytes(StandardCharsets.UTF_8));
		}
		return out.toByteArray();
	}

	private static void jsonShape(Shape shape, ByteArrayOutputStream out, int end) {
		String unit = switch (shape) {
			case EMPTY_OBJECTS -> "{}";
			case EMPTY_ARRAYS -> "[]";
			case SHORT_STRINGS -> "\"a\"";
			case EMPTY_STRINGS -> "\"\"";
			case SMALL_NUMBERS -> "1";
			case DECIMALS -> "1.5";
			default -> null;
		};
		if (unit != null) {
			out.write('[');
			byte[] bytes = unit.getBytes(StandardCharsets.UTF_8);
			while (out.size() + bytes.length + 2 < end) {
				out.writeBytes(bytes);
				out.write(',');
			}
			out.writeBytes(bytes);
			out.write(']');
			return;
		}
		switch (shape) {
			case DEEP_NESTING -> {
				while (out.size() < end) {
					out.write('[');
				}
			}
			case MANY_FIELDS -> {
				out.write('{');
				int i = 0;
				while (out.size() + 16 < end) {
					out.writeBytes(("\"" + Integer.toString(i++, 36) + "\":1,").getBytes(StandardCharsets.UTF_8));
				}
				out.writeBytes("\"end\":1}".getBytes(StandardCharsets.UTF_8));
			}
			default -> {
				out.write('"');
				while (out.size() + 1 < end) {
					out.write('a');
				}
				out.write('"');
			}
		}
	}

	private static void cborShape(Shape shape, ByteArrayOutputStream out, int end) {
		byte[] unit = switch (shape) {
			case EMPTY_OBJECTS -> new byte[] { (byte) 0xa0 };
			case EMPTY_ARRAYS -> new byte[] { (byte) 0x80 };
			case SHORT_STRINGS -> new byte[] { 0x61, 'a' };
			case EMPTY_STRINGS -> new byte[] { 0x60 };
			case SMALL_NUMBERS -> new byte[] { 0x01 };
			// a half-precision float: 1.5
			case DECIMALS -> new byte[] { (byte) 0xf9, 0x3e, 0x00 };
			default -> null;
		};
		if (unit != null) {
			out.write(0x9f);
			while (out.size() + unit.length + 1 < end) {
				out.writeBytes(unit);
			}
			out.write(0xff);
			return;
		}
		switch (shape) {
			case DEEP_NESTING -> {
				while (out.size() < end) {
					out.write(0x9f);
				}
			}
			case MANY_FIELDS -> {
				out.write(0xbf);
				int i = 0;
				while (out.size() + 12 < end) {
					byte[] key = Integer.toString(i++, 36).getBytes(StandardCharsets.UTF_8);
					out.write(0x60 + key.length);
					out.writeBytes(key);
					out.write(0x01);
				}
				out.write(0xff);
			}
			default -> {
				int length = end - out.size() - 5;
				out.write(0x7a);
				out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(length).array());
				for (int i = 0; i < length; i++) {
					out.write('a');
				}
			}
		}
	}

}
