package io.patio.broker.tcp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.patio.protocol.FaultBudget;
import io.patio.protocol.FaultLog;
import io.patio.protocol.Serials;

import static org.assertj.core.api.Assertions.assertThat;

/** Pings on idle events, and drops a peer that stays silent past the ping timeout. */
class KeepaliveHandlerTests {

	private static final long TIMEOUT_MILLIS = 1000;

	private final KeepaliveHandler keepalive = new KeepaliveHandler(new Serials(), TIMEOUT_MILLIS,
			new FaultLog(LoggerFactory.getLogger(TcpConnection.class), new FaultBudget()), () -> 0L);

	private final EmbeddedChannel channel = new EmbeddedChannel(this.keepalive);

	{
		this.channel.freezeTime();
	}

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void silentPeerIsPingedOnceThenDropped() {
		this.channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
		assertThat(this.channel.<Object>readOutbound()).isInstanceOf(Packet.DiscoverRequest.class);
		// still silent at the next interval: no second ping while one is pending
		this.channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
		assertThat(this.channel.<Object>readOutbound()).isNull();
		this.channel.advanceTimeBy(TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
		this.channel.runPendingTasks();
		assertThat(this.channel.isOpen()).isTrue();
		this.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
		this.channel.runPendingTasks();
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void anyPacketShowsThePeerIsAlive() {
		this.channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
		assertThat(this.channel.<Object>readOutbound()).isInstanceOf(Packet.DiscoverRequest.class);
		assertThat(this.keepalive.isPinging()).isTrue();
		Packet.Result packet = new Packet.Result(12, null);
		this.channel.writeInbound(packet);
		// passed on, not taken
		assertThat(this.channel.<Object>readInbound()).isSameAs(packet);
		assertThat(this.keepalive.isPinging()).isFalse();
		this.channel.advanceTimeBy(2 * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		this.channel.runPendingTasks();
		assertThat(this.channel.isOpen()).isTrue();
		// and the next silence pings again
		this.channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
		assertThat(this.channel.<Object>readOutbound()).isInstanceOf(Packet.DiscoverRequest.class);
		assertThat(this.keepalive.isPinging()).isTrue();
	}

	/**
	 * Reading was stopped by the flow control while a ping waited (the peer's calls
	 * filled the connection's cap), so its answer may sit unread: a timeout then pings
	 * again, whether reading is still stopped or has just resumed; a ping sent with
	 * reading on, and nothing stopped since, is decisive.
	 */
	@Test
	void aPingThatReadingStoppedForIsFollowedByAnotherNotByAClose() {
		AtomicLong pauses = new AtomicLong();
		KeepaliveHandler handler = new KeepaliveHandler(new Serials(), TIMEOUT_MILLIS,
				new FaultLog(LoggerFactory.getLogger(TcpConnection.class), new FaultBudget()), pauses::get);
		EmbeddedChannel paused = new EmbeddedChannel(handler);
		paused.freezeTime();
		try {
			paused.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
			assertThat(paused.<Object>readOutbound()).isInstanceOf(Packet.DiscoverRequest.class);
			// reading stops and is still stopped when the ping times out
			pauses.incrementAndGet();
			paused.config().setAutoRead(false);
			paused.advanceTimeBy(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
			paused.runPendingTasks();
			assertThat(paused.isOpen()).isTrue();
			assertThat(paused.<Object>readOutbound()).isInstanceOf(Packet.DiscoverRequest.class);
			// that ping went out with reading stopped, which resumes before its timeout
			paused.config().setAutoRead(true);
			pauses.incrementAndGet(); // stopped and resumed again meanwhile
			paused.advanceTimeBy(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
			paused.runPendingTasks();
			assertThat(paused.isOpen()).isTrue();
			assertThat(paused.<Object>readOutbound()).isInstanceOf(Packet.DiscoverRequest.class);
			// this one went out with reading on and nothing stopped it since: decisive
			paused.advanceTimeBy(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
			paused.runPendingTasks();
			assertThat(paused.isOpen()).isFalse();
		}
		finally {
			paused.finishAndReleaseAll();
		}
	}

}
