package io.patio.broker.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.netty.channel.embedded.EmbeddedChannel;
import io.patio.BadRequestException;
import io.patio.PayloadTooLargeException;
import io.patio.serializer.ErrorPayload;
import io.patio.protocol.FaultBudget;
import io.patio.protocol.FaultLog;
import io.patio.protocol.Frame;
import io.patio.protocol.OversizedFrame;
import io.patio.protocol.PacketType;
import io.patio.serializer.ArgumentTypes;
import io.patio.serializer.JsonSerializer;

import static io.patio.broker.tcp.EmbeddedConnection.frame;
import static io.patio.broker.tcp.EmbeddedConnection.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** The codec alone: frames in, typed packets out, and packets back into frames. */
class PacketCodecTests {

	private static final int LIMIT = 1024;

	private final ConnectionCounters counters = new ConnectionCounters();

	private final EmbeddedChannel channel = new EmbeddedChannel(
			new PacketCodec(JsonSerializer.INSTANCE.boundedFor(LIMIT), ArgumentTypes.NONE, LIMIT, this.counters,
					new FaultLog(LoggerFactory.getLogger(TcpConnection.class), new FaultBudget())));

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void requestBecomesACall() {
		this.channel.writeInbound(frame(PacketType.REQUEST, 7,
				Map.of("func", "mul", "args", List.of(2, 3), "timeout", 1.5, "headers", Map.of("h", "v"))));
		Packet.Call call = this.channel.readInbound();
		assertThat(call.serial()).isEqualTo(7);
		assertThat(call.decoded().func()).isEqualTo("mul");
		assertThat(call.decoded().args()).extracting(Object::toString).containsExactly("2", "3");
		assertThat(call.decoded().headers()).containsEntry("h", "v");
		assertThat(call.decoded().timeout()).isEqualTo(1.5);
		assertThat(this.counters.framesReceived.sum()).isEqualTo(1);
	}

	@Test
	void aRequestReadAtAGlanceIsLeftForTheWorkerToDecode() {
		this.channel.writeInbound(new Frame(PacketType.REQUEST, 8,
				"{\"func\":\"mul\",\"args\":[2,3],\"kwargs\":{},\"timeout\":1.5}".getBytes()));
		this.channel.writeInbound(
				new Frame(PacketType.REQUEST, 9, "{\"func\": \"mul\", \"args\": [2, 3], \"timeout\": 1.5}".getBytes()));
		Packet.Call encoded = this.channel.readInbound();
		Packet.Call spaced = this.channel.readInbound();
		assertThat(encoded.call()).isNull();
		assertThat(encoded.task()).isEqualTo("mul");
		assertThat(encoded.budget()).isEqualTo(java.time.Duration.ofMillis(1500));
		assertThat(encoded.decoder().get().args()).extracting(Object::toString).containsExactly("2", "3");
		// spaced JSON cannot be read at a glance: decoded here, as it always was
		assertThat(spaced.decoder()).isNull();
		assertThat(spaced.call().func()).isEqualTo("mul");
		assertThat(spaced.budget()).isEqualTo(java.time.Duration.ofMillis(1500));
	}

	@Test
	void requestThatDoesNotDecodeFailsOnlyItsCall() {
		this.channel.writeInbound(new Frame(PacketType.REQUEST, 3, "{not json".getBytes()));
		this.channel.writeInbound(frame(PacketType.REQUEST, 4, Map.of("func", 42)));
		Packet.BadCall undecodable = this.channel.readInbound();
		Packet.BadCall shapeless = this.channel.readInbound();
		assertThat(undecodable.serial()).isEqualTo(3);
		assertThat(undecodable.error()).isInstanceOf(BadRequestException.class).hasMessageStartingWith("Bad REQUEST");
		assertThat(shapeless.error()).isInstanceOf(BadRequestException.class)
			.hasMessageContaining("'func' must be a task name");
		assertThat(this.channel.isActive()).isTrue();
	}

	@Test
	void oversizedRequestFailsOnlyItsCall() {
		this.channel.writeInbound(new OversizedFrame(PacketType.REQUEST, 9, 5000, LIMIT));
		Packet.BadCall bad = this.channel.readInbound();
		assertThat(bad.serial()).isEqualTo(9);
		assertThat(bad.error()).isInstanceOf(PayloadTooLargeException.class)
			.hasMessageContaining("is 5000 bytes, over the receiving peer's limit of 1024 bytes")
			.hasMessageContaining("discarded unread");
		assertThat(this.channel.isActive()).isTrue();
		assertThat(this.counters.framesReceived.sum()).isEqualTo(1);
	}

	@Test
	void answersBecomeResultsFailuresOrUnreadable() {
		this.channel.writeInbound(frame(PacketType.RESPONSE, 1, List.of(1, 2)));
		this.channel.writeInbound(frame(PacketType.RESPONSE, 2, null));
		this.channel.writeInbound(frame(PacketType.ERROR, 3, new ErrorPayload("timeout", "T", "slow")));
		this.channel.writeInbound(new Frame(PacketType.RESPONSE, 4, "[1,".getBytes()));
		this.channel.writeInbound(new OversizedFrame(PacketType.ERROR, 5, 4096, LIMIT));
		Packet.Result result = this.channel.readInbound();
		assertThat(result.value()).hasToString("[1,2]");
		Packet.Result none = this.channel.readInbound();
		assertThat(none.value()).isNull();
		Packet.Failure failure = this.channel.readInbound();
		assertThat(failure.error()).isEqualTo(new ErrorPayload("timeout", "T", "slow"));
		Packet.UnreadableAnswer undecodable = this.channel.readInbound();
		assertThat(undecodable.oversized()).isFalse();
		assertThat(undecodable.type()).isEqualTo(PacketType.RESPONSE);
		Packet.UnreadableAnswer oversized = this.channel.readInbound();
		assertThat(oversized.oversized()).isTrue();
		assertThat(oversized.size()).isEqualTo(4096);
		assertThat(oversized.type()).isEqualTo(PacketType.ERROR);
	}

	@Test
	void discoveryIsReadWithinItsCaps() {
		this.channel.writeInbound(frame(PacketType.DISCOVER_REQUEST, 1, null));
		this.channel.writeInbound(frame(PacketType.DISCOVER_RESPONSE, 2, List.of("a", "b")));
		assertThat(this.channel.<Object>readInbound()).isEqualTo(new Packet.DiscoverRequest(1));
		assertThat(this.channel.<Object>readInbound()).isEqualTo(new Packet.DiscoverResponse(2, Set.of("a", "b")));
		List<String> tooMany = new ArrayList<>();
		for (int i = 0; i <= TcpConnection.MAX_ADVERTISED_TASKS; i++) {
			tooMany.add("t" + i);
		}
		EmbeddedChannel wide = new EmbeddedChannel(new PacketCodec(JsonSerializer.INSTANCE, ArgumentTypes.NONE, 1 << 20,
				this.counters, new FaultLog(LoggerFactory.getLogger(TcpConnection.class), new FaultBudget())));
		wide.writeInbound(frame(PacketType.DISCOVER_RESPONSE, 3, tooMany));
		assertThat(wide.<Object>readInbound()).isNull();
		assertThat(wide.isOpen()).isFalse();
	}

	@Test
	void handshakePacketAfterTheHandshakeClosesTheConnection() {
		this.channel.writeInbound(frame(PacketType.AUTH_DIGEST, 1, new byte[4]));
		assertThat(this.channel.<Object>readInbound()).isNull();
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void packetsAreEncodedAndReadyFramesPassAsTheyAre() {
		Frame ready = frame(PacketType.REQUEST, 5, Map.of("func", "x"));
		this.channel.writeOutbound(new Packet.DiscoverRequest(1), new Packet.DiscoverResponse(2, Set.of("mul")),
				new Packet.Failure(3, new ErrorPayload("rejected", "R", "full")), ready);
		Frame request = this.channel.readOutbound();
		assertThat(request.type()).isEqualTo(PacketType.DISCOVER_REQUEST);
		assertThat(payload(request).isNull()).isTrue();
		Frame response = this.channel.readOutbound();
		assertThat(response.type()).isEqualTo(PacketType.DISCOVER_RESPONSE);
		assertThat(payload(response)).hasToString("[\"mul\"]");
		Frame error = this.channel.readOutbound();
		assertThat(error.type()).isEqualTo(PacketType.ERROR);
		assertThat(error.serial()).isEqualTo(3);
		assertThat(payload(error).get("code").stringValue()).isEqualTo("rejected");
		assertThat(this.channel.<Object>readOutbound()).isSameAs(ready);
		assertThat(this.counters.framesSent.sum()).isEqualTo(4);
		assertThat(this.counters.errors.sum()).isEqualTo(1);
	}

}
