package io.patio.protocol;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.patio.serializer.cbor.CborSerializer;
import io.patio.serializer.CallPayload;
import io.patio.serializer.ErrorPayload;
import io.patio.serializer.JsonSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden frames and known answers of the protocol page: the wire format cannot drift.
 */
class WireFormatTests {

	private static final HexFormat HEX = HexFormat.of();

	private final JsonSerializer json = JsonSerializer.INSTANCE;

	@Test
	void discoverRequestMatchesGoldenFrame() {
		assertThat(encode(new Frame(PacketType.DISCOVER_REQUEST, 3, this.json.encode(null))))
			.isEqualTo("05" + "00000004" + "00000003" + "6e756c6c");
	}

	@Test
	void discoverResponseMatchesGoldenFrame() {
		assertThat(encode(new Frame(PacketType.DISCOVER_RESPONSE, 3, this.json.encode(List.of("mul")))))
			.isEqualTo("06" + "00000007" + "00000003" + "5b226d756c225d");
	}

	@Test
	void requestMatchesGoldenFrame() {
		CallPayload call = new CallPayload("mul", List.of(2, 3), Map.of(), null, Map.of());
		assertThat(encode(new Frame(PacketType.REQUEST, 7, this.json.encode(call)))).isEqualTo("0a" + "00000036"
				+ "00000007"
				+ "7b2266756e63223a226d756c222c2261726773223a5b322c335d2c226b7761726773223a7b7d2c2274696d656f7574223a6e756c6c7d");
	}

	@Test
	void responseMatchesGoldenFrame() {
		assertThat(encode(new Frame(PacketType.RESPONSE, 7, this.json.encode(6))))
			.isEqualTo("14" + "00000001" + "00000007" + "36");
	}

	@Test
	void requestCarriesHeadersOnlyWhenThereAreAny() {
		CallPayload call = new CallPayload("mul", List.of(2), Map.of(), 1.5, Map.of("traceparent", "00-x"));
		assertThat(new String(this.json.encode(call), StandardCharsets.UTF_8)).isEqualTo(
				"{\"func\":\"mul\",\"args\":[2],\"kwargs\":{},\"timeout\":1.5,\"headers\":{\"traceparent\":\"00-x\"}}");
	}

	@Test
	void errorPayloadShape() {
		assertThat(new String(this.json.encode(new ErrorPayload("task-failed", "java.lang.ArithmeticException", null)),
				StandardCharsets.UTF_8))
			.isEqualTo("{\"code\":\"task-failed\",\"type\":\"java.lang.ArithmeticException\",\"message\":null}");
	}

	@Test
	void bytesAreBase64InJsonAndByteStringsInCbor() {
		byte[] bytes = { 0, 1, 2, 3 };
		assertThat(new String(this.json.encode(bytes), StandardCharsets.UTF_8)).isEqualTo("\"AAECAw==\"");
		assertThat(this.json.bytesOf(this.json.decode(this.json.encode(bytes)))).isEqualTo(bytes);
		CborSerializer cbor = CborSerializer.INSTANCE;
		JsonNode node = cbor.decode(cbor.encode(List.of(bytes)));
		assertThat(node.get(0).isBinary()).isTrue();
		assertThat(cbor.bytesOf(node.get(0))).isEqualTo(bytes);
	}

	@Test
	void goldenFramesDecode() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, 1024));
		channel
			.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(HEX.parseHex("14000000010000000736" + "0500000004")));
		Frame response = channel.readInbound();
		assertThat(response.type()).isEqualTo(PacketType.RESPONSE);
		assertThat(response.serial()).isEqualTo(7);
		assertThat(this.json.decode(response.payload()).intValue()).isEqualTo(6);
		assertThat((Object) channel.readInbound()).isNull();
		channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(HEX.parseHex("000000036e756c6c")));
		Frame discover = channel.readInbound();
		assertThat(discover.type()).isEqualTo(PacketType.DISCOVER_REQUEST);
		assertThat(discover.serial()).isEqualTo(3);
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void serialAboveTwoToTheThirtyOneRoundTrips() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, 1024), new FrameEncoder());
		channel.writeOutbound(new Frame(PacketType.RESPONSE, Serials.MAX, new byte[] { '6' }));
		ByteBuf out = channel.readOutbound();
		assertThat(ByteBufUtil.hexDump(out)).isEqualTo("1400000001ffffffff36");
		channel.writeInbound(out);
		Frame frame = channel.readInbound();
		assertThat(frame.serial()).isEqualTo(Serials.MAX);
		channel.finishAndReleaseAll();
	}

	@Test
	void oversizeFrameBeforeTheHandshakeClosesTheConnection() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16, 1024));
		channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(HEX.parseHex("14000000110000000736")));
		assertThat(channel.isOpen()).isFalse();
		assertThat((Object) channel.readInbound()).isNull();
	}

	@Test
	void requestOverMaxFrameSizeBeforeTheHandshakeClosesTheConnectionEvenUnderTheHandshakeLimit() {
		// max-frame-size below handshake-max-frame-size: before the handshake the smaller
		// limit applies, and an over-limit REQUEST closes instead of being skipped and
		// reported as an OversizedFrame, which no handshake handler expects
		EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, 16));
		ByteBuf bytes = io.netty.buffer.Unpooled.buffer();
		bytes.writeBytes(HEX.parseHex("0a000000110000000b")).writeZero(17);
		channel.writeInbound(bytes);
		assertThat(channel.isOpen()).isFalse();
		assertThat((Object) channel.readInbound()).isNull();
	}

	@Test
	void headerDeclaringSixteenMebibytesBeforeTheHandshakeClosesAtTheHeaderBufferingNothing() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, 16 * 1024 * 1024));
		// an AUTH_REQUEST that declares 16 MiB, of which the header and 1 KiB arrive
		ByteBuf bytes = io.netty.buffer.Unpooled.buffer();
		bytes.writeBytes(HEX.parseHex("010100000000000002")).writeZero(1024);
		channel.writeInbound(bytes);
		assertThat(channel.isOpen()).isFalse();
		assertThat(bytes.refCnt()).isZero();
		assertThat((Object) channel.readInbound()).isNull();
	}

	@Test
	void oversizedRequestAfterTheHandshakeIsSkippedAsItArrivesThenReportedAndTheStreamGoesOn() {
		FrameDecoder decoder = new FrameDecoder(256, 1024);
		EmbeddedChannel channel = new EmbeddedChannel(decoder);
		decoder.authenticated();
		int size = 4 * 1024 * 1024;
		ByteBuf header = io.netty.buffer.Unpooled.buffer().writeByte(10).writeInt(size).writeInt(9);
		channel.writeInbound(header);
		for (int sent = 0; sent < size; sent += 64 * 1024) {
			ByteBuf chunk = io.netty.buffer.Unpooled.buffer(64 * 1024).writeZero(64 * 1024);
			channel.writeInbound(chunk);
			// every byte of the payload is released as soon as it arrives: nothing is
			// buffered
			assertThat(chunk.refCnt()).isZero();
			if (sent + 64 * 1024 < size) {
				assertThat((Object) channel.readInbound()).isNull();
			}
		}
		OversizedFrame oversized = channel.readInbound();
		assertThat(oversized).isEqualTo(new OversizedFrame(PacketType.REQUEST, 9, size, 1024));
		assertThat(channel.isOpen()).isTrue();
		channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(HEX.parseHex("14000000010000000736")));
		Frame next = channel.readInbound();
		assertThat(next.type()).isEqualTo(PacketType.RESPONSE);
		assertThat(next.serial()).isEqualTo(7);
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void oversizedDiscoverResponseAfterTheHandshakeClosesTheConnection() {
		FrameDecoder decoder = new FrameDecoder(256, 16);
		EmbeddedChannel channel = new EmbeddedChannel(decoder);
		decoder.authenticated();
		channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(HEX.parseHex("06000000110000000736")));
		assertThat(channel.isOpen()).isFalse();
		assertThat((Object) channel.readInbound()).isNull();
	}

	@Test
	void unknownPacketTypeClosesTheConnection() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16, 16));
		channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(HEX.parseHex("07000000010000000736")));
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void serialsStartAtOneAndWrapToOne() {
		Serials serials = new Serials();
		assertThat(serials.next()).isEqualTo(1);
		serials.reset(Serials.MAX - 1);
		assertThat(serials.next()).isEqualTo(Serials.MAX);
		assertThat(serials.next()).isEqualTo(1);
	}

	@Test
	void blake2sKnownAnswerWithEmptyKey() {
		byte[] token = "\"AAECAwQFBgcICQoLDA0ODw==\"".getBytes(StandardCharsets.US_ASCII);
		assertThat(token).hasSize(26);
		assertThat(HEX.formatHex(HandshakeDigest.compute(new byte[0], HEX.parseHex("deadbeef"), token)))
			.isEqualTo("3f631d4fa3e2f58bab7905b257cc63cf9c03c6b6bc61630f7adeb267c42a38e4");
	}

	@Test
	void blake2sKnownAnswerWithKey() {
		byte[] token = "\"AAECAwQFBgcICQoLDA0ODw==\"".getBytes(StandardCharsets.US_ASCII);
		byte[] key = "secret-key".getBytes(StandardCharsets.US_ASCII);
		byte[] digest = HandshakeDigest.compute(key, HEX.parseHex("deadbeef"), token);
		assertThat(HEX.formatHex(digest)).isEqualTo("fc9a30a5cbc63ad4fd406be2905a7927d3916212081d200272d741cdcf1ddc2c");
		assertThat(HandshakeDigest.verify(key, HEX.parseHex("deadbeef"), token, digest)).isTrue();
		assertThat(HandshakeDigest.verify(key, HEX.parseHex("deadbeef00000000"), token, digest)).isTrue();
		assertThat(HandshakeDigest.verify(new byte[0], HEX.parseHex("deadbeef"), token, digest)).isFalse();
		assertThat(HandshakeDigest.verify(key, new byte[9], token, digest)).isFalse();
		assertThat(HandshakeDigest.verify(key, HEX.parseHex("deadbeef"), token, new byte[31])).isFalse();
	}

	private static String encode(Frame frame) {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
		channel.writeOutbound(frame);
		ByteBuf out = channel.readOutbound();
		String hex = ByteBufUtil.hexDump(out);
		out.release();
		return hex;
	}

}
