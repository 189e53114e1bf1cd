package io.patio.broker.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.patio.AuthenticationException;
import io.patio.BadArgumentsException;
import io.patio.ConnectionLostException;
import io.patio.NoPeerException;
import io.patio.RemoteTaskException;
import io.patio.TaskTimeoutException;
import io.patio.call.Call;
import io.patio.protocol.Serials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class TcpBrokerTests {

	private final TcpPeers peers = new TcpPeers();

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
	}

	@Test
	void serverCentricClientsCallTheServersTasks() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker first = this.peers.connected(null, server);
		TcpClientBroker second = this.peers.connected(null, server);
		List<CompletableFuture<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			calls.add(first.call("mul", Integer.class, 1, 2, 3));
			calls.add(second.call("mul", Integer.class, i, 2));
		}
		assertThat(calls.get(0).join()).isEqualTo(6);
		assertThat(calls.get(199).join()).isEqualTo(198);
		assertThat(calls).allSatisfy((call) -> assertThat(call).succeedsWithin(Duration.ofSeconds(10)));
		assertThat(server.getConnections()).hasSize(2)
			.allSatisfy(
					(connection) -> assertThat(connection.getDirection()).isEqualTo(TcpConnection.Direction.INBOUND));
		assertThat(first.getConnections()).singleElement().satisfies((connection) -> {
			assertThat(connection.getDirection()).isEqualTo(TcpConnection.Direction.OUTBOUND);
			assertThat(connection.getAdvertisedTasks()).contains("mul", "whoami");
			assertThat(connection.getConnectedSince()).isNotNull();
			assertThat(connection.getFramesSent()).isGreaterThanOrEqualTo(100);
			assertThat(connection.getInFlight()).isZero();
		});
	}

	@Test
	void aRecordArgumentIsBoundAsTheServerReadsTheCall() {
		TcpServerBroker server = this.peers.server("worker");
		List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		((io.patio.executor.InterceptableExecutor) server.getExecutor())
			.setExecutionInterceptor((request, executor, next) -> {
				seen.add(request.args()[0]);
				return next.apply(request);
			});
		TcpClientBroker client = this.peers.connected(null, server);
		assertThat(client.call("mirror", TestTasks.Point.class, new TestTasks.Point(1, 2)))
			.succeedsWithin(Duration.ofSeconds(10))
			.isEqualTo(new TestTasks.Point(2, 1));
		// a map is the same JSON object on the wire
		assertThat(client.call("mirror", TestTasks.Point.class, Map.of("x", 5, "y", 6)))
			.succeedsWithin(Duration.ofSeconds(10))
			.isEqualTo(new TestTasks.Point(6, 5));
		assertThat(client.call("mirror", TestTasks.Point.class, Map.of("x", "five")))
			.failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(io.patio.BadArgumentsException.class)
			.withMessageContaining("parameter 'point'");
		assertThat(seen).hasSize(3);
		assertThat(seen.get(0)).as("bound straight from the REQUEST").isEqualTo(new TestTasks.Point(1, 2));
		assertThat(seen.get(1)).isEqualTo(new TestTasks.Point(5, 6));
		assertThat(seen.get(2)).as("one that does not bind stays a tree, for the binder's error")
			.isInstanceOf(tools.jackson.databind.JsonNode.class);
	}

	@Test
	void anInlineTaskRunsOnTheServersEventLoopAndTheOthersOnItsWorkers() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.connected(null, server);
		List<CompletableFuture<String>> inline = new ArrayList<>();
		List<CompletableFuture<String>> pooled = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			inline.add(client.call("inlineThread", String.class));
			pooled.add(client.call("thread", String.class));
		}
		assertThat(inline).allSatisfy((call) -> assertThat(call).succeedsWithin(Duration.ofSeconds(10))
			.asString()
			.startsWith("patio-tcp-server"));
		assertThat(pooled).allSatisfy((
				call) -> assertThat(call).succeedsWithin(Duration.ofSeconds(10)).asString().startsWith("patio-worker"));
		assertThat(server.getExecutor().getTaskStats().get("inlineThread").completed()).isEqualTo(200);
	}

	@Test
	void brokersThatBusyPollServeCallsOneAfterAnotherAndInBursts() throws Exception {
		TcpBrokerOptions polling = TcpBrokerOptions.builder().busyPoll(Duration.ofMillis(1)).build();
		TcpServerBroker server = this.peers.server("worker", polling, "127.0.0.1:0");
		TcpClientBroker client = this.peers.client(null, polling, server);
		client.connect(Duration.ofSeconds(10));
		for (int i = 0; i < 200; i++) {
			// one at a time: each answer comes back while the worker's loop is still
			// polling
			assertThat(client.call("mul", Integer.class, i, 3).get(10, java.util.concurrent.TimeUnit.SECONDS))
				.isEqualTo(3 * i);
		}
		List<CompletableFuture<Integer>> burst = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			burst.add(client.call("mul", Integer.class, i, 2));
		}
		for (int i = 0; i < 500; i++) {
			assertThat(burst.get(i)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(2 * i);
		}
	}

	@Test
	void busyPollingIsBoundedToTenMilliseconds() {
		assertThat(TcpBrokerOptions.builder().busyPoll(Duration.ofMillis(10)).build().getBusyPoll())
			.isEqualTo(Duration.ofMillis(10));
		assertThat(TcpBrokerOptions.builder().build().getBusyPoll()).isZero();
		for (Duration bad : new Duration[] { Duration.ofMillis(11), Duration.ofNanos(-1), null }) {
			org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
				.isThrownBy(() -> TcpBrokerOptions.builder().busyPoll(bad))
				.withMessageContaining("busy-poll must be between 0 and 10ms");
		}
	}

	@Test
	void aCallerAskingForObjectGetsPlainJavaValuesAsInMemory() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.connected(null, server);
		assertThat(client.call("mul", Object.class, 2, 3)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(6);
		assertThat(client.call("whoami", Object.class)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("worker");
	}

	@Test
	void oneClientSeveralServersTakesThemRoundRobin() {
		TcpServerBroker a = this.peers.server("a");
		TcpServerBroker b = this.peers.server("b");
		TcpServerBroker c = this.peers.server("c");
		TcpClientBroker client = this.peers.connected(null, a, b, c);
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			answers.add(client.call("whoami", String.class).join());
		}
		Map<String, Long> counts = answers.stream()
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(counts).containsOnly(Map.entry("a", 10L), Map.entry("b", 10L), Map.entry("c", 10L));
		assertThat(answers.subList(0, 3)).doesNotHaveDuplicates();
	}

	@Test
	void fullMeshEveryBrokerReachesEveryOther() {
		List<TcpServerBroker> servers = IntStream.range(0, 3)
			.mapToObj((i) -> this.peers.server("server-" + i))
			.toList();
		TcpServerBroker[] all = servers.toArray(TcpServerBroker[]::new);
		List<TcpClientBroker> clients = IntStream.range(0, 3)
			.mapToObj((i) -> this.peers.connected("client-" + i, all))
			.toList();
		for (TcpClientBroker client : clients) {
			assertThat(IntStream.range(0, 3).mapToObj((i) -> client.call("whoami", String.class).join()))
				.containsExactlyInAnyOrder("server-0", "server-1", "server-2");
		}
		for (TcpServerBroker server : servers) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> server.getConnections().stream().filter(TcpConnection::isReady).count() == 3);
			assertThat(IntStream.range(0, 3).mapToObj((i) -> server.call("whoami", String.class).join()))
				.containsExactlyInAnyOrder("client-0", "client-1", "client-2");
		}
	}

	@Test
	void mixedModeServerCallsATaskOnItsClient() {
		TcpServerBroker server = this.peers.server(null);
		this.peers.connected("the-client", server);
		assertThat(server.call("whoami", String.class)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("the-client");
		assertThat(server.call("add", Integer.class, 2, 3).join()).isEqualTo(5);
	}

	@Test
	void callNeverGoesToItself() {
		TcpServerBroker server = this.peers.server("server");
		TcpClientBroker client = this.peers.connected("client", server);
		for (int i = 0; i < 5; i++) {
			assertThat(client.call("whoami", String.class).join()).isEqualTo("server");
			assertThat(server.call("whoami", String.class).join()).isEqualTo("client");
		}
	}

	@Test
	void remoteExceptionCarriesTheRemoteTypeAndMessage() {
		TcpClientBroker client = this.peers.connected(null, this.peers.server("worker"));
		assertThat(client.call("boom", String.class, "it broke")).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(RemoteTaskException.class, (ex) -> {
				assertThat(ex.getRemoteType()).isEqualTo("java.lang.IllegalStateException");
				assertThat(ex.getRemoteMessage()).isEqualTo("it broke");
				assertThat(ex.getTask()).isEqualTo("boom");
			});
		assertThat(client.call("mul", Integer.class, 2, 2).join()).isEqualTo(4);
	}

	@Test
	void timeoutFailsTheCallAndTheLateAnswerIsDroppedAndCounted() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.connected(null, server);
		// the worker gives up too (the REQUEST carried the budget) and answers 'timeout',
		// a few milliseconds after the caller did; on a loaded machine the caller's timer
		// may fire after that answer came, which then ends the call instead: try again
		boolean late = false;
		for (int attempt = 0; attempt < 5 && !late; attempt++) {
			CompletableFuture<Long> call = client
				.call(Call.of("slow", Long.class).args(400L).timeout(Duration.ofMillis(100)));
			assertThat(call).failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.havingCause()
				.isInstanceOf(TaskTimeoutException.class);
			try {
				await().atMost(Duration.ofSeconds(2)).until(() -> client.getLateAnswers() == 1);
				late = true;
			}
			catch (org.awaitility.core.ConditionTimeoutException ex) {
				assertThat(client.getLateAnswers()).isZero();
			}
		}
		assertThat(late).as("a late answer was dropped and counted").isTrue();
		assertThat(client.getConnections().get(0).getLateAnswers()).isEqualTo(1);
		assertThat(client.getConnections().get(0).getInFlight()).isZero();
		assertThat(client.call("mul", Integer.class, 3, 3).join()).isEqualTo(9);
	}

	@Test
	void unknownTaskFailsAtOnceWithUnknownTaskWhenEveryServerIsConnected() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.connected(null, server);
		// a budget far longer than the wait: the call must not spend it
		assertThat(client.call(Call.of("nope", Integer.class).timeout(Duration.ofSeconds(60))))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(io.patio.UnknownTaskException.class)
			.withMessageContaining("No server offers task 'nope'")
			.withMessageContaining(TcpPeers.address(server) + " connected");
		assertThat(client.getWaitingCalls()).isZero();
	}

	@Test
	void withWaitForPeerAnUnknownTaskWaitsItsBudgetThenFailsWithNoPeer() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.client(null, TcpPeers.fast().waitForPeer(true).build(), server);
		client.connect();
		CompletableFuture<Integer> call = client.call(Call.of("nope", Integer.class).timeout(Duration.ofMillis(300)));
		assertThat(client.getWaitingCalls()).isEqualTo(1);
		assertThat(call).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(NoPeerException.class)
			.withMessageContaining("No peer offering task 'nope' was connected within the call's timeout")
			.withMessageContaining(TcpPeers.address(server) + " connected");
		assertThat(client.getWaitingCalls()).isZero();
	}

	@Test
	void callsOfNamesNoPeerOffersLeaveNothingBehindInTheRouter() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.connected(null, server);
		TcpClientBroker waiting = this.peers.client(null, TcpPeers.fast().waitForPeer(true).build(), server);
		waiting.connect();
		int offered = client.router().groupCount();
		List<CompletableFuture<Integer>> unknown = new ArrayList<>();
		List<CompletableFuture<Integer>> expired = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			unknown.add(client.call(Call.of("typo-" + i, Integer.class).timeout(Duration.ofMillis(50))));
			expired.add(waiting.call(Call.of("typo-" + i, Integer.class).timeout(Duration.ofMillis(50))));
		}
		assertThat(unknown).allSatisfy((call) -> assertThat(call).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(io.patio.UnknownTaskException.class));
		assertThat(expired).allSatisfy((call) -> assertThat(call).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(NoPeerException.class));
		assertThat(client.router().groupCount()).isEqualTo(offered);
		assertThat(waiting.router().groupCount()).isEqualTo(offered);
		// the groups of the tasks the server offers still route
		assertThat(client.call("mul", Integer.class, 6, 7)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(42);
		assertThat(waiting.call("mul", Integer.class, 6, 7)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(42);
	}

	@Test
	void wrongArgumentTypesFailWithBadArgumentsAndTheConnectionStaysUsable() {
		TcpClientBroker client = this.peers.connected(null, this.peers.server("worker"));
		assertThat(client.call("add", Integer.class, "1", 2)).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(BadArgumentsException.class);
		assertThat(client.call("add", Integer.class, 1.5, 2)).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(BadArgumentsException.class);
		assertThat(client.call("add", Integer.class, 1, 2).join()).isEqualTo(3);
		assertThat(client.getConnections()).hasSize(1);
	}

	@Test
	void withWaitForPeerACallMadeBeforeAnyServerIsUpWaitsUntilOneComes() throws Exception {
		int port = freePort();
		TcpClientBroker waiting = this.peers.clientTo(null, TcpPeers.fast().waitForPeer(true).build(),
				"127.0.0.1:" + port);
		waiting.start();
		CompletableFuture<Integer> call = waiting
			.call(Call.of("mul", Integer.class).args(4, 5).timeout(Duration.ofSeconds(20)));
		assertThat(waiting.getWaitingCalls()).isEqualTo(1);
		// the first attempt fails (nothing listens): the call still waits
		await().atMost(Duration.ofSeconds(10))
			.until(() -> waiting.getServerStatuses().get(0).state() == TcpServerStatus.State.RETRYING);
		assertThat(call).isNotDone();
		this.peers.server("late-worker", TcpPeers.fast().build(), "127.0.0.1:" + port);
		assertThat(call).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(20);
	}

	@Test
	void reconnectsAfterTheServerRestartsAndInFlightCallsFailFast() throws Exception {
		TcpServerBroker server = this.peers.server("first");
		int port = server.getPort();
		TcpClientBroker client = this.peers.connected(null, server);
		CompletableFuture<Long> inFlight = client
			.call(Call.of("slow", Long.class).args(5_000L).timeout(Duration.ofSeconds(30)));
		await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnections().get(0).getInFlight() == 1);
		long before = System.nanoTime();
		server.close();
		assertThat(inFlight).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(ConnectionLostException.class);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(3_000);
		// a call made while the only server is down fails at once, naming its state
		assertThat(client.call(Call.of("whoami", String.class).timeout(Duration.ofSeconds(60))))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(NoPeerException.class)
			.withMessageContaining("127.0.0.1:" + port + " retrying");
		this.peers.server("second", TcpPeers.fast().build(), "127.0.0.1:" + port);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> client.getServerStatuses().get(0).state() == TcpServerStatus.State.CONNECTED);
		assertThat(client.call("whoami", String.class).join()).isEqualTo("second");
		assertThat(client.call("mul", Integer.class, 7, 6).join()).isEqualTo(42);
	}

	@Test
	void everyCallEndsOnceUnderTimeoutsAndDroppedConnections() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.connected(null, server);
		java.util.Random random = new java.util.Random(42);
		List<CompletableFuture<Long>> calls = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			calls.add(client.call(Call.of("slow", Long.class)
				.args((long) random.nextInt(40))
				.timeout(Duration.ofMillis(20 + random.nextInt(100)))));
			if (i == 200) {
				server.getConnections().forEach(TcpConnection::close);
			}
		}
		CompletableFuture
			.allOf(calls.stream().map((call) -> call.handle((result, error) -> null)).toArray(CompletableFuture[]::new))
			.orTimeout(20, TimeUnit.SECONDS)
			.join();
		assertThat(calls).allSatisfy((call) -> {
			if (call.isCompletedExceptionally()) {
				assertThat(call).failsWithin(Duration.ZERO)
					.withThrowableOfType(java.util.concurrent.ExecutionException.class)
					.havingCause()
					.isInstanceOfAny(TaskTimeoutException.class, ConnectionLostException.class, NoPeerException.class);
			}
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(client.getConnections()).singleElement()
				.satisfies((connection) -> assertThat(connection.getInFlight()).isZero()));
		assertThat(client.getWaitingCalls()).isZero();
		assertThat(client.call("mul", Integer.class, 2, 5).join()).isEqualTo(10);
	}

	@Test
	void joinReturnsOnceTheServerIsClosed() throws Exception {
		TcpServerBroker server = this.peers.server("worker");
		CompletableFuture<Void> joined = CompletableFuture.runAsync(() -> {
			try {
				server.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		assertThat(joined).isNotDone();
		server.close();
		assertThat(joined).succeedsWithin(Duration.ofSeconds(5));
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void worksOverIpv6Loopback() {
		Assumptions.assumeTrue(ipv6LoopbackAvailable(), "this host cannot bind ::1 (no IPv6 loopback)");
		TcpServerBroker server = this.peers.server("v6", TcpPeers.fast().build(), "[::1]:0");
		assertThat(server.getBoundAddresses().get(0).getAddress()).isInstanceOf(java.net.Inet6Address.class);
		TcpClientBroker client = this.peers.connected(null, server);
		assertThat(client.call("mul", Integer.class, 2, 21).join()).isEqualTo(42);
	}

	@Test
	void serverListensOnSeveralAddresses() {
		Assumptions.assumeTrue(ipv6LoopbackAvailable(), "this host cannot bind ::1 (no IPv6 loopback)");
		TcpServerBroker server = this.peers.server("dual", TcpPeers.fast().build(), "127.0.0.1:0", "[::1]:0");
		assertThat(server.getBoundAddresses()).hasSize(2);
		TcpClientBroker v6 = new TcpClientBroker(this.peers.executor(null), TcpPeers.fast().build(),
				"[::1]:" + server.getBoundAddresses().get(1).getPort());
		try {
			v6.connect();
			assertThat(v6.call("whoami", String.class).join()).isEqualTo("dual");
		}
		finally {
			v6.close();
		}
	}

	@Test
	void serialsWrapAroundFrom4294967295ToOne() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.connected(null, server);
		client.serials().reset(Serials.MAX - 2);
		server.serials().reset(Serials.MAX - 1);
		for (int i = 0; i < 6; i++) {
			assertThat(client.call("mul", Integer.class, i, 2).join()).isEqualTo(i * 2);
			assertThat(server.call("whoami", String.class)).isNotNull();
		}
		assertThat(client.serials().next()).isBetween(1L, 10L);
	}

	@Test
	void clientWithTheWrongKeyFailsToConnect() {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().key("right-key").build());
		TcpClientBroker client = this.peers.client(null, TcpPeers.fast().key("wrong-key").build(), server);
		assertThatThrownBy(client::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("refused the handshake")
			.hasMessageNotContaining("wrong-key")
			.hasMessageNotContaining("right-key");
		assertThat(server.getConnections()).isEmpty();
	}

	@Test
	void connectFailsWhileTheServerIsDownAndSucceedsOnceItIsUp() throws Exception {
		int port = freePort();
		TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().build(), "127.0.0.1:" + port);
		assertThatThrownBy(client::connect).isInstanceOf(ConnectionLostException.class)
			.hasMessageContaining("127.0.0.1:" + port);
		this.peers.server("worker", TcpPeers.fast().build(), "127.0.0.1:" + port);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(client::connect);
		assertThat(client.call("mul", Integer.class, 2, 4).join()).isEqualTo(8);
	}

	@Test
	void clientWithTheRightKeyConnects() {
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().key("shared-key").build());
		TcpClientBroker client = this.peers.client(null, TcpPeers.fast().key("shared-key").build(), server);
		client.connect();
		assertThat(client.call("mul", Integer.class, 5, 5).join()).isEqualTo(25);
		assertThat(client.getOptions().toString()).doesNotContain("shared-key");
	}

	@Test
	void cborSerializerWorksEndToEnd() {
		TcpBrokerOptions cbor = TcpPeers.fast().serializer(io.patio.serializer.cbor.CborSerializer.INSTANCE).build();
		TcpServerBroker server = this.peers.server("cbor-worker", cbor);
		TcpClientBroker client = this.peers.client(null, cbor, server);
		client.connect();
		assertThat(client.call("mul", Integer.class, 1, 2, 3).join()).isEqualTo(6);
		assertThat(client.call("whoami", String.class).join()).isEqualTo("cbor-worker");
	}

	@Test
	void serializerMismatchFailsTheHandshake() {
		TcpServerBroker server = this.peers.server("worker");
		TcpClientBroker client = this.peers.client(null,
				TcpPeers.fast().serializer(io.patio.serializer.cbor.CborSerializer.INSTANCE).build(), server);
		assertThatThrownBy(client::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("serializer");
	}

	@Test
	void closingTheClientFailsWaitingCallsWithShuttingDown() {
		TcpClientBroker client = this.peers.client(null, TcpPeers.fast().waitForPeer(true).build(),
				this.peers.server("worker"));
		client.connect();
		CompletableFuture<Integer> waiting = client
			.call(Call.of("nope", Integer.class).timeout(Duration.ofSeconds(30)));
		assertThat(client.getWaitingCalls()).isEqualTo(1);
		client.close();
		assertThat(waiting).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(io.patio.ShuttingDownException.class);
	}

	static boolean ipv6LoopbackAvailable() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
