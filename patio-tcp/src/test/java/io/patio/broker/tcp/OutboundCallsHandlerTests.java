package io.patio.broker.tcp;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import ch.qos.logback.classic.Level;
import io.patio.ConnectionLostException;
import io.patio.LogCapture;
import io.patio.PayloadTooLargeException;
import io.patio.RemoteTaskException;
import io.patio.ResultConversionException;
import io.patio.TaskTimeoutException;
import io.patio.call.CallRequest;
import io.patio.serializer.ErrorPayload;
import io.patio.protocol.Frame;
import io.patio.protocol.OversizedFrame;
import io.patio.protocol.PacketType;
import tools.jackson.databind.JsonNode;

import static io.patio.broker.tcp.EmbeddedConnection.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** This side's calls on one connection: sent, answered, late, lost. */
class OutboundCallsHandlerTests {

	private final EmbeddedConnection embedded = EmbeddedConnection.withTasks().ready("mul");

	@AfterEach
	void close() {
		this.embedded.close();
	}

	private OutboundCall send(String task, Object... args) {
		OutboundCall call = new OutboundCall(CallRequest.of(task, args, null, Duration.ofSeconds(30), null));
		assertThat(this.embedded.connection.send(call)).isTrue();
		return call;
	}

	@Test
	void callGoesOutAsARequestAndItsResultCompletesIt() {
		OutboundCall call = send("mul", 2, 3);
		Frame request = this.embedded.readFrame();
		assertThat(request.type()).isEqualTo(PacketType.REQUEST);
		JsonNode sent = payload(request);
		assertThat(sent.get("func").stringValue()).isEqualTo("mul");
		assertThat(sent.get("args")).hasToString("[2,3]");
		assertThat(sent.get("timeout").doubleValue()).isBetween(0.0, 30.0);
		assertThat(this.embedded.connection.getInFlight()).isEqualTo(1);
		this.embedded.receive(PacketType.RESPONSE, request.serial(), 6);
		assertThat(call.future.join()).hasToString("6");
		assertThat(this.embedded.connection.getInFlight()).isZero();
		assertThat(this.embedded.connection.getCallsSent()).isEqualTo(1);
	}

	@Test
	void errorFailsTheCallWithItsTypedException() {
		OutboundCall call = send("mul");
		Frame request = this.embedded.readFrame();
		this.embedded.receive(PacketType.ERROR, request.serial(),
				new ErrorPayload("timeout", "TimeoutError", "took too long"));
		assertThatThrownBy(call.future::join).hasCauseInstanceOf(TaskTimeoutException.class)
			.hasMessageContaining("took too long");
		OutboundCall other = send("mul");
		this.embedded.receive(PacketType.ERROR, this.embedded.readFrame().serial(),
				new ErrorPayload("task-failed", "ValueError", "bad"));
		assertThatThrownBy(other.future::join).cause()
			.isInstanceOfSatisfying(RemoteTaskException.class,
					(remote) -> assertThat(remote.getRemoteType()).isEqualTo("ValueError"));
		assertThat(this.embedded.connection.getErrors()).isEqualTo(2);
	}

	@Test
	void unreadableAnswerFailsOnlyItsCall() {
		OutboundCall undecodable = send("mul");
		OutboundCall oversized = send("mul");
		OutboundCall fine = send("mul");
		long first = this.embedded.readFrame().serial();
		long second = this.embedded.readFrame().serial();
		long third = this.embedded.readFrame().serial();
		this.embedded.channel.writeInbound(new Frame(PacketType.RESPONSE, first, "{".getBytes()));
		this.embedded.channel.writeInbound(new OversizedFrame(PacketType.RESPONSE, second, 1 << 25, 1 << 24));
		this.embedded.receive(PacketType.RESPONSE, third, "ok");
		assertThatThrownBy(undecodable.future::join).hasCauseInstanceOf(ResultConversionException.class)
			.hasMessageContaining("does not decode");
		assertThatThrownBy(oversized.future::join).hasCauseInstanceOf(PayloadTooLargeException.class)
			.hasMessageContaining("The result of task 'mul'")
			.hasMessageContaining("discarded unread");
		assertThat(fine.future.join()).hasToString("\"ok\"");
		assertThat(this.embedded.channel.isActive()).isTrue();
	}

	@Test
	void answerNobodyWaitsForIsCountedLate() {
		OutboundCall call = send("mul");
		Frame request = this.embedded.readFrame();
		this.embedded.connection.forget(call);
		this.embedded.receive(PacketType.RESPONSE, request.serial(), 1);
		this.embedded.receive(PacketType.RESPONSE, 4242, Map.of());
		assertThat(call.future).isNotDone();
		assertThat(this.embedded.connection.getLateAnswers()).isEqualTo(2);
		assertThat(this.embedded.broker.getLateAnswers()).isEqualTo(2);
	}

	@Test
	void theSweepFailsOnlyTheOverdueCallsInFlightAndTheirAnswersCountAsLate() {
		OutboundCall soon = send("mul");
		OutboundCall later = new OutboundCall(CallRequest.of("mul", new Object[0], null, Duration.ofHours(1), null));
		assertThat(this.embedded.connection.send(later)).isTrue();
		long soonSerial = this.embedded.readFrame().serial();
		long laterSerial = this.embedded.readFrame().serial();
		this.embedded.connection.expireOverdue(System.nanoTime());
		assertThat(soon.future).as("a sweep before the deadline").isNotDone();
		this.embedded.connection.expireOverdue(System.nanoTime() + Duration.ofMinutes(1).toNanos());
		assertThatThrownBy(soon.future::join).hasCauseInstanceOf(TaskTimeoutException.class)
			.hasMessageContaining("did not answer within its timeout");
		assertThat(later.future).isNotDone();
		assertThat(this.embedded.connection.getInFlight()).isEqualTo(1);
		this.embedded.receive(PacketType.RESPONSE, soonSerial, 1);
		assertThat(this.embedded.connection.getLateAnswers()).isEqualTo(1);
		this.embedded.receive(PacketType.RESPONSE, laterSerial, 2);
		assertThat(later.future.join()).hasToString("2");
	}

	@Test
	void aCallWithoutABudgetIsNeverSwept() {
		OutboundCall call = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null));
		assertThat(this.embedded.connection.send(call)).isTrue();
		long serial = this.embedded.readFrame().serial();
		this.embedded.connection.expireOverdue(Long.MAX_VALUE);
		assertThat(call.future).isNotDone();
		this.embedded.receive(PacketType.RESPONSE, serial, 3);
		assertThat(call.future.join()).hasToString("3");
	}

	@Test
	void theAnswerIsConvertedAsItCompletesTheCallAndAFailedConversionFailsIt() {
		OutboundCall converted = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null),
				(task, value) -> task + "=" + value);
		IllegalArgumentException refused = new IllegalArgumentException("not an int");
		OutboundCall unconvertible = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null),
				(task, value) -> {
					throw refused;
				});
		this.embedded.connection.send(converted);
		this.embedded.connection.send(unconvertible);
		this.embedded.receive(PacketType.RESPONSE, this.embedded.readFrame().serial(), 6);
		this.embedded.receive(PacketType.RESPONSE, this.embedded.readFrame().serial(), "six");
		assertThat(converted.future.join()).isEqualTo("mul=6");
		assertThatThrownBy(unconvertible.future::join).hasCause(refused);
	}

	record Point(int x, int y) {
	}

	@Test
	void anObjectAnswerBindsToTheCallersRecordAndOneThatDoesNotFailsAsBefore() {
		java.util.function.BiFunction<String, Object, Object> points = io.patio.broker.ResultConverter.of(Point.class)
			.asMapping();
		OutboundCall bound = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null), points);
		OutboundCall duplicated = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null), points);
		OutboundCall mismatched = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null), points);
		OutboundCall broken = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null), points);
		for (OutboundCall call : List.of(bound, duplicated, mismatched, broken)) {
			this.embedded.connection.send(call);
		}
		this.embedded.channel.writeInbound(
				new Frame(PacketType.RESPONSE, this.embedded.readFrame().serial(), "{\"x\":1,\"y\":2}".getBytes()));
		this.embedded.channel.writeInbound(new Frame(PacketType.RESPONSE, this.embedded.readFrame().serial(),
				"{\"x\":1,\"y\":2,\"x\":3}".getBytes()));
		this.embedded.channel.writeInbound(new Frame(PacketType.RESPONSE, this.embedded.readFrame().serial(),
				"{\"x\":\"one\",\"y\":2}".getBytes()));
		this.embedded.channel
			.writeInbound(new Frame(PacketType.RESPONSE, this.embedded.readFrame().serial(), "{\"x\":1,".getBytes()));
		assertThat(bound.future.join()).isEqualTo(new Point(1, 2));
		assertThat(duplicated.future.join()).as("the tree keeps the last of a key given twice")
			.isEqualTo(new Point(3, 2));
		assertThatThrownBy(mismatched.future::join).hasCauseInstanceOf(ResultConversionException.class)
			.hasMessageContaining("does not convert to the requested");
		assertThatThrownBy(broken.future::join).hasCauseInstanceOf(ResultConversionException.class)
			.hasMessageContaining("does not decode");
		assertThat(this.embedded.connection.getInFlight()).isZero();
	}

	/**
	 * A record that notes whether it was read from a tree or from the payload's parser.
	 */
	@tools.jackson.databind.annotation.JsonDeserialize(using = Traced.Deserializer.class)
	record Traced(int x, boolean fromTree) {

		static final class Deserializer extends tools.jackson.databind.ValueDeserializer<Traced> {

			@Override
			public Traced deserialize(tools.jackson.core.JsonParser parser,
					tools.jackson.databind.DeserializationContext context) {
				boolean fromTree = parser instanceof tools.jackson.databind.node.TreeTraversingParser;
				tools.jackson.databind.JsonNode node = context.readTree(parser);
				return new Traced(node.get("x").intValue(), fromTree);
			}

		}

	}

	@Test
	void anObjectAnswerIsReadFromThePayloadWithNoTreeInBetween() {
		OutboundCall call = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null),
				io.patio.broker.ResultConverter.of(Traced.class).asMapping());
		this.embedded.connection.send(call);
		this.embedded.channel
			.writeInbound(new Frame(PacketType.RESPONSE, this.embedded.readFrame().serial(), "{\"x\":7}".getBytes()));
		assertThat(call.future.join()).isEqualTo(new Traced(7, false));
	}

	/** A class whose own deserializer throws something that is not Jackson's. */
	@tools.jackson.databind.annotation.JsonDeserialize(using = Refusing.Deserializer.class)
	record Refusing(int x) {

		static final class Deserializer extends tools.jackson.databind.ValueDeserializer<Refusing> {

			@Override
			public Refusing deserialize(tools.jackson.core.JsonParser parser,
					tools.jackson.databind.DeserializationContext context) {
				throw new IllegalStateException("refused by its deserializer");
			}

		}

	}

	@Test
	void anAnswerWhoseBindingThrowsFailsItsCallInsteadOfLeavingItHanging() {
		OutboundCall call = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null),
				io.patio.broker.ResultConverter.of(Refusing.class).asMapping());
		this.embedded.connection.send(call);
		this.embedded.channel
			.writeInbound(new Frame(PacketType.RESPONSE, this.embedded.readFrame().serial(), "{\"x\":1}".getBytes()));
		assertThatThrownBy(call.future::join).hasRootCauseInstanceOf(IllegalStateException.class)
			.hasRootCauseMessage("refused by its deserializer");
		assertThat(this.embedded.connection.getInFlight()).isZero();
		assertThat(this.embedded.channel.isActive()).as("only the call is affected").isTrue();
	}

	@Test
	void closingFailsTheCallsInFlightAndRefusesNewOnes() {
		OutboundCall call = send("mul");
		this.embedded.readFrame();
		this.embedded.channel.close();
		assertThatThrownBy(call.future::join).hasCauseInstanceOf(ConnectionLostException.class)
			.hasMessageContaining("may or may not have run");
		OutboundCall late = new OutboundCall(CallRequest.of("mul", new Object[0], null, null, null));
		assertThat(this.embedded.connection.send(late)).isFalse();
		assertThat(late.future).isNotDone();
	}

	@Test
	void aRequestWhoseWriteFailsClosesTheConnectionAndFailsItsCallAtOnce() {
		// a write that fails below the handlers (a buffer that cannot be had): the
		// connection is closed, and the call, with every other in flight, fails now
		OutboundCall waiting = send("mul");
		this.embedded.readFrame();
		this.embedded.channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
				ReferenceCountUtil.release(msg);
				promise.setFailure(new IllegalStateException("no buffer to write into"));
			}
		});
		OutboundCall failing = send("mul");
		this.embedded.channel.runPendingTasks();
		assertThat(this.embedded.channel.isActive()).isFalse();
		assertThatThrownBy(failing.future::join).hasCauseInstanceOf(ConnectionLostException.class);
		assertThatThrownBy(waiting.future::join).hasCauseInstanceOf(ConnectionLostException.class);
		assertThat(this.embedded.connection.getInFlight()).isZero();
	}

	@Test
	void aResetThatFailsEveryWriteLeftIsLoggedOnce() throws Exception {
		// Netty closes the socket, then fails each write left in its buffer with the
		// same error: one reason is logged, not one per write (the log's budget is
		// shared by every connection, for hostile peers)
		try (LogCapture logs = LogCapture.of(LogCapture.fromPackage("io.patio"))) {
			// the connection's last handler, on a channel Netty has closed already
			ChannelInboundHandler faults = (ChannelInboundHandler) this.embedded.connection.faultHandler();
			EmbeddedChannel closed = new EmbeddedChannel();
			closed.close();
			ChannelHandlerContext ctx = (ChannelHandlerContext) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { ChannelHandlerContext.class },
					(proxy, method, args) -> method.getName().equals("channel") ? closed : null);
			for (int i = 0; i < 5; i++) {
				faults.exceptionCaught(ctx, new IOException("Connection reset by peer"));
			}
			faults.exceptionCaught(ctx, new ClosedChannelException());
			assertThat(logs.entries()).filteredOn((entry) -> entry.level() == Level.WARN)
				.singleElement()
				.satisfies((entry) -> assertThat(entry.toString()).contains("Closing connection"));
		}
	}

	@Test
	void requestOverTheLimitIsNotSent() {
		OutboundCall call = send("mul", "x".repeat(17 * 1024 * 1024));
		assertThatThrownBy(call.future::join).hasCauseInstanceOf(PayloadTooLargeException.class)
			.hasMessageContaining("it was not sent");
		assertThat(this.embedded.readFrames()).isEmpty();
	}

}
