package io.patio.broker.tcp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.patio.InjectedFaults;
import io.patio.LogCapture;
import io.patio.call.PeriodicTask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pings and reconnects go on after an {@link OutOfMemoryError} in their run, while their
 * next run is scheduled, and on the event loop that runs them.
 */
class PeriodicTaskResilienceTests {

	private final TcpPeers peers = new TcpPeers();

	@AfterEach
	void close() throws Exception {
		this.peers.close();
	}

	@Test
	void pingsGoOnAfterOutOfMemoryErrorsInTheCheckWhileItIsScheduledAndOnTheEventLoop() throws Exception {
		try (InjectedFaults faults = InjectedFaults.install();
				LogCapture logs = LogCapture
					.of(LogCapture.from(PeriodicTask.class).or(LogCapture.fromPackage("io.netty")))) {
			InjectedFaults.Fault scheduling = faults.add((task) -> task.startsWith("ping of"),
					PeriodicTask.Phase.SCHEDULE, 2);
			InjectedFaults.Fault running = faults.add((task) -> task.startsWith("ping of"), PeriodicTask.Phase.RUN, 2);
			// a ping timeout far longer than a loaded machine may keep this thread from
			// answering a ping: the pong does not race the drop
			TcpServerBroker server = this.peers.server("worker",
					TcpPeers.fast().pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofSeconds(5)).build());
			try (RawPeer raw = RawPeer.ready(server.getPort(), "")) {
				await().atMost(Duration.ofSeconds(5)).until(() -> server.getConnections().size() == 1);
				// an Error on the event loop thread that runs the connection's pings
				server.getConnections().get(0).channel().eventLoop().execute(() -> {
					throw new OutOfMemoryError("thrown on purpose on the event loop");
				});
				RawPeer.RawFrame ping = raw.read();
				assertThat(ping.type()).isEqualTo(5);
				assertThat(scheduling.thrown()).isEqualTo(2);
				assertThat(running.thrown()).isEqualTo(2);
				raw.send(6, ping.serial(), "[]");
				assertThat(raw.read().type()).isEqualTo(5);
				// silence still drops the peer, once the ping timeout passed
				await().atMost(Duration.ofSeconds(30)).until(() -> server.getConnections().isEmpty());
				assertThat(raw.closedByPeer()).isTrue();
			}
			assertThat(logs.entries())
				.anyMatch((entry) -> entry.logger().startsWith("io.netty") && entry.hasError(OutOfMemoryError.class));
			assertThat(logs.entries()).anyMatch((entry) -> entry.logger().equals(PeriodicTask.class.getName())
					&& entry.hasError(OutOfMemoryError.class));
		}
	}

	@Test
	void reconnectsGoOnAfterOutOfMemoryErrorsWhileTheyAreScheduledAndInTheAttempt() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		String address = "127.0.0.1:" + port;
		try (InjectedFaults faults = InjectedFaults.install();
				LogCapture logs = LogCapture
					.of(LogCapture.from(PeriodicTask.class).or(LogCapture.from(TcpClientBroker.class)))) {
			InjectedFaults.Fault scheduling = faults.add(("reconnect to " + address)::equals,
					PeriodicTask.Phase.SCHEDULE, 2);
			InjectedFaults.Fault running = faults.add(("reconnect to " + address)::equals, PeriodicTask.Phase.RUN, 2);
			TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().build(), address);
			client.start();
			// nothing listens yet: every attempt fails, and the faults hit the reconnects
			await().atMost(Duration.ofSeconds(10)).until(() -> scheduling.thrown() == 2 && running.thrown() == 2);
			this.peers.server("worker", TcpPeers.fast().build(), address);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> client.getServerStatuses().get(0).state() == TcpServerStatus.State.CONNECTED);
			assertThat(client.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
			assertThat(logs.entries()).anyMatch((entry) -> entry.hasError(OutOfMemoryError.class));
		}
	}

}
