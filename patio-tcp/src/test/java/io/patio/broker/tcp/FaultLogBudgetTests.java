package io.patio.broker.tcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.patio.protocol.FaultBudget;
import io.patio.protocol.FrameDecoder;
import io.patio.protocol.HandshakeDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The log budget for closed connections (20 warning lines per 10 s, docs/security.md) is
 * one per broker, shared by every class that closes a connection: the frame decoder, the
 * handshake, the connection and the admission. Real sockets on loopback.
 */
@Timeout(120)
class FaultLogBudgetTests {

	private static final String KEY = "the-right-key";

	private final TcpPeers peers = new TcpPeers();

	private final List<Runnable> cleanups = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
		this.cleanups.forEach(Runnable::run);
	}

	@Test
	void failedLoginsOfEveryKindShareOneBudgetOfTwentyLinesPerTenSecondsForTheWholeBroker() throws Exception {
		ListAppender<ILoggingEvent> logs = captureIoPatio();
		long start = System.nanoTime();
		TcpServerBroker server = this.peers.server("worker",
				TcpPeers.fast()
					.key(KEY.getBytes(StandardCharsets.UTF_8))
					.maxConnections(2)
					.handshakeTimeout(Duration.ofSeconds(1))
					.pingInterval(Duration.ofMinutes(5))
					.build());
		int port = server.getPort();
		int closed = 0;
		try (RawPeer held = RawPeer.ready(port, KEY)) {
			// held keeps one of the two connections taken for the whole test
			for (int round = 0; round < 10; round++) {
				garbage(port);
				wrongKey(port);
				malformedHandshake(port);
				packetNotAllowedAfterTheHandshake(port);
				overTheConnectionLimit(port);
				closed += 6;
			}
		}
		long elapsed = System.nanoTime() - start;
		int expected = closed;
		// every closed connection is logged once: a warning within the budget, else debug
		await().atMost(Duration.ofSeconds(10)).until(() -> closingLines(logs, null).size() >= expected);
		List<ILoggingEvent> warnings = closingLines(logs, Level.WARN);
		long windows = 1 + elapsed / FaultBudget.WINDOW.toNanos();
		assertThat(warnings).as("warning lines in %d window(s) of 10 s", windows)
			.hasSizeLessThanOrEqualTo((int) (FaultBudget.LINES_PER_WINDOW * windows))
			.hasSizeGreaterThanOrEqualTo(FaultBudget.LINES_PER_WINDOW);
		assertThat(closingLines(logs, Level.DEBUG)).hasSize(closingLines(logs, null).size() - warnings.size());
		// each line still comes from the class that closed the connection
		Set<String> loggers = warnings.stream().map(ILoggingEvent::getLoggerName).collect(Collectors.toSet());
		assertThat(loggers).contains(FrameDecoder.class.getName(), ServerHandshakeHandler.class.getName(),
				TcpConnection.class.getName());
	}

	@Test
	void faultsOnOneBrokerDoNotSpendTheBudgetOfAnother() throws Exception {
		ListAppender<ILoggingEvent> logs = captureIoPatio();
		TcpServerBroker flooded = this.peers.server("worker");
		TcpServerBroker quiet = this.peers.server("worker");
		for (int i = 0; i < FaultBudget.LINES_PER_WINDOW + 5; i++) {
			garbage(flooded.getPort());
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> closingLines(logs, null).size() >= FaultBudget.LINES_PER_WINDOW + 5);
		assertThat(closingLines(logs, Level.DEBUG)).isNotEmpty();
		synchronized (logs) {
			logs.list.clear();
		}
		garbage(quiet.getPort());
		await().atMost(Duration.ofSeconds(10)).until(() -> !closingLines(logs, null).isEmpty());
		assertThat(closingLines(logs, null)).singleElement()
			.satisfies((event) -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
	}

	// ---- the faults, each on a connection of its own, each closed by the server

	/** An unknown packet type: closed by the frame decoder. */
	private static void garbage(int port) throws IOException {
		try (RawPeer raw = RawPeer.connect(port)) {
			raw.sendHex("7f 0000000000000000");
			raw.closedByPeer();
		}
		catch (IOException refusedAtOnce) {
			// closed before the bytes went out: still one closed connection
		}
	}

	/** A digest made with another key: closed by the handshake. */
	private static void wrongKey(int port) throws IOException {
		try (RawPeer raw = RawPeer.connect(port)) {
			authenticate(raw, "another-key");
			raw.closedByPeer();
		}
		catch (IOException closedEarly) {
			// closed before the handshake ended: still one closed connection
		}
	}

	/** An AUTH_REQUEST that is not a (salt, digest, token) triple. */
	private static void malformedHandshake(int port) throws IOException {
		try (RawPeer raw = RawPeer.connect(port)) {
			raw.read();
			raw.send(1, 2, "{\"not\": \"a triple\"}");
			raw.closedByPeer();
		}
		catch (IOException closedEarly) {
			// closed before the handshake ended: still one closed connection
		}
	}

	/** A logged-in peer that sends AUTH_DIGEST again: closed by the connection. */
	private static void packetNotAllowedAfterTheHandshake(int port) throws IOException {
		try (RawPeer raw = RawPeer.connect(port)) {
			if (authenticate(raw, KEY)) {
				raw.send(0, 9, "\"AAECAwQFBgcICQoLDA0ODw==\"");
			}
			raw.closedByPeer();
		}
		catch (IOException closedEarly) {
			// closed before the handshake ended: still one closed connection
		}
	}

	/**
	 * Two connections while one is held and the limit is two: the second is refused by
	 * the admission, the first then sends garbage.
	 */
	private static void overTheConnectionLimit(int port) throws IOException {
		try (RawPeer first = RawPeer.connect(port)) {
			boolean admitted;
			try {
				first.read();
				admitted = true;
			}
			catch (IOException refused) {
				admitted = false;
			}
			try (RawPeer second = RawPeer.connect(port)) {
				second.closedByPeer();
			}
			if (admitted) {
				first.sendHex("7f 0000000000000000");
			}
			first.closedByPeer();
		}
		catch (IOException closedEarly) {
			// refused or closed before the bytes went out: still one closed connection
		}
	}

	/**
	 * Answers the challenge with a digest made with {@code key}; whether AUTH_OK came.
	 */
	private static boolean authenticate(RawPeer raw, String key) throws IOException {
		RawPeer.RawFrame challenge = raw.read();
		byte[] salt = { 1, 2, 3, 4 };
		byte[] digest = HandshakeDigest.compute(key.getBytes(StandardCharsets.UTF_8), salt, challenge.payload());
		Base64.Encoder base64 = Base64.getEncoder();
		raw.send(1, 2, "[\"" + base64.encodeToString(salt) + "\",\"" + base64.encodeToString(digest) + "\",\""
				+ base64.encodeToString(challenge.payload()) + "\"]");
		return raw.read().type() == 3;
	}

	// ---- the log

	private static List<ILoggingEvent> closingLines(ListAppender<ILoggingEvent> logs, Level level) {
		synchronized (logs) {
			return logs.list.stream()
				.filter((event) -> event.getFormattedMessage().startsWith("Closing connection to"))
				.filter((event) -> level == null || event.getLevel() == level)
				.toList();
		}
	}

	private ListAppender<ILoggingEvent> captureIoPatio() {
		Logger logger = (Logger) LoggerFactory.getLogger("io.patio");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		Level level = logger.getLevel();
		// lines over the budget go to debug: capture them too, to count every fault;
		// and keep the faults provoked on purpose off the console
		logger.setLevel(Level.DEBUG);
		logger.setAdditive(false);
		this.cleanups.add(() -> {
			logger.detachAppender(appender);
			logger.setLevel(level);
			logger.setAdditive(true);
		});
		return appender;
	}

}
