package io.patio.broker.tcp;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The caps on what a peer may advertise in DISCOVER_RESPONSE
 * ({@link TcpConnection#MAX_ADVERTISED_TASKS},
 * {@link TcpConnection#MAX_TASK_NAME_LENGTH}): a broker whose own registry is over them
 * does not start, and a receiver that closes a connection over them says which limit.
 */
@Timeout(60)
class DiscoveryCapsTests {

	private static final String KEY = "caps-key";

	private final TcpPeers peers = new TcpPeers();

	private final List<Runnable> cleanups = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		this.cleanups.forEach(Runnable::run);
		this.peers.close();
	}

	@Test
	void aBrokerWhoseRegistryHasMoreTasksThanPeersAcceptFailsToStartNamingTheLimit() {
		Registry registry = new Registry();
		TestTasks tasks = new TestTasks("many");
		for (int i = 0; i <= TcpConnection.MAX_ADVERTISED_TASKS; i++) {
			registry.register("task-" + i, tasks, "mul");
		}
		TcpServerBroker server = new TcpServerBroker(executor(registry), TcpPeers.fast().build(), "127.0.0.1:0");
		assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("has 10001 tasks")
			.hasMessageContaining("at most 10000 (TcpConnection.MAX_ADVERTISED_TASKS)");
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void aBrokerWithATaskNameLongerThanPeersAcceptFailsToStartNamingTheLimitAndTheName() {
		Registry registry = new Registry();
		String name = "long" + "x".repeat(TcpConnection.MAX_TASK_NAME_LENGTH);
		registry.register(name, new TestTasks("long"), "mul");
		TcpClientBroker client = new TcpClientBroker(executor(registry), TcpPeers.fast().build(), "127.0.0.1:1");
		assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("'longxxxx")
			.hasMessageContaining(name.length() + " characters long")
			.hasMessageContaining("at most 512 characters (TcpConnection.MAX_TASK_NAME_LENGTH)");
	}

	@Test
	void aReceiverClosingAnOverlongDiscoverResponseNamesTheLimit() throws Exception {
		ListAppender<ILoggingEvent> logs = capture("io.patio");
		TcpServerBroker server = this.peers.server("worker", TcpPeers.fast().key(KEY).build());
		try (RawPeer peer = RawPeer.authenticated(new Socket("127.0.0.1", server.getPort()), KEY)) {
			RawPeer.RawFrame discover = peer.read();
			assertThat(discover.type()).isEqualTo(5);
			StringBuilder names = new StringBuilder("[");
			for (int i = 0; i <= TcpConnection.MAX_ADVERTISED_TASKS; i++) {
				names.append((i > 0) ? ",\"t" : "\"t").append(i).append('"');
			}
			peer.send(6, discover.serial(), names.append(']').toString());
			assertThat(peer.closedByPeer()).isTrue();
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> logs.list.stream()
				.map(ILoggingEvent::getFormattedMessage)
				.anyMatch((line) -> line.contains("DISCOVER_RESPONSE")
						&& line.contains("at most 10000 task names (MAX_ADVERTISED_TASKS)")
						&& line.contains("512 characters each (MAX_TASK_NAME_LENGTH)")));
	}

	private ThreadPoolPatioExecutor executor(Registry registry) {
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 1, 16);
		this.cleanups.add(() -> executor.shutdown(Duration.ofSeconds(1)));
		return executor;
	}

	private ListAppender<ILoggingEvent> capture(String name) {
		Logger logger = (Logger) LoggerFactory.getLogger(name);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		this.cleanups.add(() -> {
			logger.detachAppender(appender);
			logger.setLevel(level);
		});
		return appender;
	}

}
