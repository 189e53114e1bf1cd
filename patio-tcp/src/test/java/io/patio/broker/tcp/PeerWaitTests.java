package io.patio.broker.tcp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.patio.NoPeerException;
import io.patio.UnknownTaskException;
import io.patio.call.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call for which no connected peer offers the task waits only while a peer can soon
 * come: on a client, while a configured server has not finished its first attempt; then
 * it is decided again. Every call here has a budget of a minute, far longer than any wait
 * the test allows, so a call that waits where it should not fails the test.
 */
@Timeout(60)
class PeerWaitTests {

	private static final Duration BUDGET = Duration.ofSeconds(60);

	private final TcpPeers peers = new TcpPeers();

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
	}

	@Test
	void callsWaitForAServersFirstAttemptThenRouteToItOrFailAsUnknown() throws Exception {
		TcpServerBroker a = this.peers.server("a");
		try (ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().build(), TcpPeers.address(a),
					"127.0.0.1:" + b.getLocalPort());
			client.start();
			try (RawPeer fake = new RawPeer(b.accept())) {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> client.getServerStatuses().get(0).state() == TcpServerStatus.State.CONNECTED);
				assertThat(client.getServerStatuses().get(1).state()).isEqualTo(TcpServerStatus.State.CONNECTING);
				CompletableFuture<String> onlyB = client.call(Call.of("only-b", String.class).timeout(BUDGET));
				CompletableFuture<String> nowhere = client.call(Call.of("nowhere", String.class).timeout(BUDGET));
				// b has not finished its first attempt: both wait for it
				assertThat(client.getWaitingCalls()).isEqualTo(2);
				assertThat(onlyB).isNotDone();
				assertThat(nowhere).isNotDone();

				HardeningTests.fakeServerHandshake(fake, "[\"only-b\"]");
				RawPeer.RawFrame request = fake.read();
				assertThat(request.type()).isEqualTo(10);
				assertThat(request.text()).contains("\"only-b\"");
				fake.send(20, request.serial(), "\"from-b\"");
				assertThat(onlyB).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("from-b");
				assertThat(nowhere).failsWithin(Duration.ofSeconds(10))
					.withThrowableOfType(ExecutionException.class)
					.havingCause()
					.isInstanceOf(UnknownTaskException.class)
					.withMessageContaining("No server offers task 'nowhere'")
					.withMessageContaining("every server this client dials is connected");
				assertThat(client.getWaitingCalls()).isZero();
			}
		}
	}

	@Test
	void aCallWaitingForAServersFirstAttemptFailsWithNoPeerWhenThatAttemptFails() throws Exception {
		TcpServerBroker a = this.peers.server("a");
		try (ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String bAddress = "127.0.0.1:" + b.getLocalPort();
			TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().build(), TcpPeers.address(a), bAddress);
			client.start();
			CompletableFuture<String> call;
			try (RawPeer fake = new RawPeer(b.accept())) {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> client.getServerStatuses().get(0).state() == TcpServerStatus.State.CONNECTED);
				call = client.call(Call.of("only-b", String.class).timeout(BUDGET));
				assertThat(client.getWaitingCalls()).isEqualTo(1);
				assertThat(call).isNotDone();
			} // b closes the connection before the handshake: its first attempt failed
			b.close(); // and it stays down
			assertThat(call).failsWithin(Duration.ofSeconds(10))
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(NoPeerException.class)
				.withMessageContaining("No peer offers task 'only-b' now")
				.withMessageContaining(TcpPeers.address(a) + " connected, does not offer 'only-b'")
				.withMessageContaining(bAddress + " retrying")
				.withMessageContaining("wait-for-peer");
			assertThat(client.getWaitingCalls()).isZero();
			// a task that the connected server offers still routes at once
			assertThat(client.call("whoami", String.class)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("a");
		}
	}

	@Test
	void callsWhileEveryServerIsDownFailAtOnceNamingEachServerAndItsState() throws Exception {
		int first = TcpBrokerTests.freePort();
		int second = TcpBrokerTests.freePort();
		TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().build(), "127.0.0.1:" + first,
				"127.0.0.1:" + second);
		client.start();
		// made at once: it waits for the first attempts, which fail, then it is decided
		CompletableFuture<Integer> early = client.call(Call.of("mul", Integer.class).args(2, 3).timeout(BUDGET));
		assertThat(early).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(NoPeerException.class);
		CompletableFuture<Integer> later = client.call(Call.of("mul", Integer.class).args(2, 3).timeout(BUDGET));
		assertThat(later).isCompletedExceptionally();
		assertThat(later).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(NoPeerException.class)
			.withMessageContaining("127.0.0.1:" + first + " retrying")
			.withMessageContaining("127.0.0.1:" + second + " retrying")
			.withMessageContaining("Cannot connect to 127.0.0.1:" + first);
		assertThat(client.getWaitingCalls()).isZero();
	}

	@Test
	void aServerWithWaitForPeerOffFailsAtOnceForItsOwnTaskSayingABrokerNeverCallsItself() {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().waitForPeer(false).build());
		assertThat(server.waitsForPeer()).isFalse();
		assertThat(server.call(Call.of("mul", Integer.class).args(6, 7).timeout(BUDGET)))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(NoPeerException.class)
			.withMessageContaining("No connected client offers task 'mul' (no client is connected)")
			.withMessageContaining(
					"this tcp-server runs 'mul' for its peers itself, but a broker never routes" + " a call to itself");
		assertThat(server.getWaitingCalls()).isZero();
	}

	@Test
	void aServerWaitsForAClientByDefaultAndSaysWhyItsOwnTaskFoundNoneWhenTheBudgetEnds() {
		TcpServerBroker server = this.peers.server("worker");
		assertThat(server.waitsForPeer()).isTrue();
		CompletableFuture<Integer> call = server.call(Call.of("mul", Integer.class).args(6, 7).timeout(BUDGET));
		assertThat(server.getWaitingCalls()).isEqualTo(1);
		this.peers.connected("client", server);
		// a client that offers the task comes: the waiting call goes to it
		assertThat(call).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(42);
		assertThat(server.call(Call.of("not-offered", Integer.class).timeout(Duration.ofMillis(200))))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(NoPeerException.class)
			.withMessageContaining("No client offering task 'not-offered' connected within the call's timeout"
					+ " (1 client is connected)");
		TcpServerBroker alone = this.peers.server("worker");
		assertThat(alone.call(Call.of("whoami", String.class).timeout(Duration.ofMillis(200))))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(NoPeerException.class)
			.withMessageContaining("a broker never routes a call to itself");
	}

}
