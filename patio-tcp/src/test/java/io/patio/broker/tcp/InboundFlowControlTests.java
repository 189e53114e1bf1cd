package io.patio.broker.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.patio.serializer.CallPayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-pressure alone: calls pass while fewer than the cap run, are held (reading
 * stopped) at the cap or while the executor is saturated, and pass in order as room
 * comes.
 */
class InboundFlowControlTests {

	private final ConnectionCounters counters = new ConnectionCounters();

	private final InboundFlowControl flowControl = new InboundFlowControl(2, this.counters);

	/** Stands for the inbound-calls handler: every call it gets starts. */
	private final List<Long> started = new ArrayList<>();

	private final EmbeddedChannel channel = new EmbeddedChannel(this.flowControl, new ChannelInboundHandlerAdapter() {
		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof Packet.Call call) {
				InboundFlowControlTests.this.started.add(call.serial());
				InboundFlowControlTests.this.flowControl.callStarted();
			}
			else {
				ctx.fireChannelRead(msg);
			}
		}
	});

	{
		this.channel.freezeTime();
	}

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
	}

	private static Packet.Call call(long serial) {
		return new Packet.Call(serial, new CallPayload("mul", List.of(), Map.of(), null, Map.of()));
	}

	@Test
	void callsPastTheCapWaitInOrderWithReadingStopped() {
		this.channel.writeInbound(call(1), call(2), call(3), call(4));
		assertThat(this.started).containsExactly(1L, 2L);
		assertThat(this.flowControl.executing()).isEqualTo(2);
		assertThat(this.channel.config().isAutoRead()).isFalse();
		assertThat(this.counters.readPauses.sum()).isEqualTo(1);
		this.flowControl.callFinished(false);
		assertThat(this.started).containsExactly(1L, 2L, 3L);
		assertThat(this.channel.config().isAutoRead()).isFalse();
		this.flowControl.callFinished(false);
		this.flowControl.callFinished(false);
		assertThat(this.started).containsExactly(1L, 2L, 3L, 4L);
		assertThat(this.flowControl.executing()).isEqualTo(1);
		assertThat(this.channel.config().isAutoRead()).isTrue();
	}

	@Test
	void otherPacketsPassWhileCallsAreHeld() {
		this.channel.writeInbound(call(1), call(2), call(3));
		Packet.Result answer = new Packet.Result(9, null);
		Packet.BadCall refused = new Packet.BadCall(10, new io.patio.BadRequestException(null, "bad"));
		this.channel.writeInbound(answer, refused);
		assertThat(this.channel.<Object>readInbound()).isSameAs(answer);
		assertThat(this.channel.<Object>readInbound()).isSameAs(refused);
		assertThat(this.started).containsExactly(1L, 2L);
	}

	@Test
	void saturatedExecutorStopsReadingUntilTheRetry() {
		this.channel.writeInbound(call(1));
		this.flowControl.callFinished(true);
		assertThat(this.flowControl.executing()).isZero();
		assertThat(this.channel.config().isAutoRead()).isFalse();
		this.channel.writeInbound(call(2));
		assertThat(this.started).containsExactly(1L);
		this.channel.advanceTimeBy(InboundFlowControl.SATURATED_RETRY_MILLIS, TimeUnit.MILLISECONDS);
		this.channel.runPendingTasks();
		assertThat(this.started).containsExactly(1L, 2L);
		assertThat(this.channel.config().isAutoRead()).isTrue();
	}

	@Test
	void unwritableChannelStopsReading() {
		this.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
		this.channel.runPendingTasks();
		assertThat(this.channel.config().isAutoRead()).isFalse();
		this.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
		this.channel.runPendingTasks();
		assertThat(this.channel.config().isAutoRead()).isTrue();
	}

	@Test
	void heldCallsAreDroppedWhenThePeerIsGone() {
		this.channel.writeInbound(call(1), call(2), call(3));
		this.channel.close();
		this.flowControl.callFinished(false);
		assertThat(this.started).containsExactly(1L, 2L);
	}

}
