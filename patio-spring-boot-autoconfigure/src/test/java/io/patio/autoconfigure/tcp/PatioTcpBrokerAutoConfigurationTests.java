package io.patio.autoconfigure.tcp;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import io.patio.actuate.endpoint.PatioEndpoint;
import io.patio.autoconfigure.ObservedTasks;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.autoconfigure.PatioProperties;
import io.patio.autoconfigure.health.PatioBrokerHealthIndicator;
import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpAddress;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.NullPatioExecutor;
import io.patio.serializer.cbor.CborSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCP broker beans and their properties, with the messages a wrong value gets. */
class PatioTcpBrokerAutoConfigurationTests {

	private static final String SECRET = "s3cret-key-that-must-never-leak";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, PatioAutoConfiguration.class))
		.withUserConfiguration(ObservedTasks.ObservedTasksConfiguration.class);

	@Test
	void tcpServerIsThePatioBrokerAndListensOnceTheContextStarts() {
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0",
					"patio.broker.tcp.key=" + SECRET, "patio.broker.tcp.serializer=cbor",
					"patio.broker.tcp.handshake-timeout=2s", "patio.broker.tcp.ping-interval=3s",
					"patio.broker.tcp.ping-timeout=4s", "patio.broker.tcp.max-frame-size=1MB",
					"patio.broker.tcp.handshake-max-frame-size=512B", "patio.broker.tcp.max-connections=7",
					"patio.broker.tcp.max-in-flight-per-connection=9", "patio.broker.tcp.reconnect-delay=100ms",
					"patio.broker.tcp.reconnect-max-delay=2s", "patio.broker.tcp.busy-poll=50us",
					"patio.broker.timeout=12s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TcpServerBroker server = (TcpServerBroker) context.getBean(PatioBroker.class);
				assertThat(server.isRunning()).isTrue();
				assertThat(server.getPort()).isPositive();
				TcpBrokerOptions options = server.getOptions();
				assertThat(options.getKey()).isEqualTo(SECRET.getBytes());
				assertThat(options.getSerializer()).isSameAs(CborSerializer.INSTANCE);
				assertThat(options.getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(options.getPingInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(options.getPingTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(options.getMaxFrameSize()).isEqualTo(1024 * 1024);
				assertThat(options.getHandshakeMaxFrameSize()).isEqualTo(512);
				assertThat(options.getMaxConnections()).isEqualTo(7);
				assertThat(options.getMaxInFlightPerConnection()).isEqualTo(9);
				assertThat(options.getReconnectDelay()).isEqualTo(Duration.ofMillis(100));
				assertThat(options.getReconnectMaxDelay()).isEqualTo(Duration.ofSeconds(2));
				assertThat(options.getDefaultTimeout()).isEqualTo(Duration.ofSeconds(12));
				assertThat(options.getBusyPoll()).isEqualTo(Duration.ofNanos(50_000));
				assertThat(options.getSslContext()).isNull();
				assertThat(server.details()).containsEntry("listening",
						java.util.List.of("127.0.0.1:" + server.getPort()));
				assertThat(server.health().up()).isTrue();
			});
	}

	@Test
	void defaultsMatchTheDocumentedOnes() {
		PatioProperties.Tcp tcp = new PatioProperties().getBroker().getTcp();
		assertThat(tcp.getListen()).containsExactly("127.0.0.1:15383");
		assertThat(tcp.getConnect()).isEmpty();
		assertThat(tcp.getSerializer()).isEqualTo("json");
		assertThat(tcp.getReconnectDelay()).isEqualTo(Duration.ofSeconds(1));
		assertThat(tcp.getReconnectMaxDelay()).isEqualTo(Duration.ofSeconds(30));
		assertThat(tcp.getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(tcp.getPingInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(tcp.getPingTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(tcp.getMaxFrameSize().toBytes()).isEqualTo(TcpBrokerOptions.DEFAULT_MAX_FRAME_SIZE);
		assertThat(tcp.getHandshakeMaxFrameSize().toBytes())
			.isEqualTo(TcpBrokerOptions.DEFAULT_HANDSHAKE_MAX_FRAME_SIZE);
		assertThat(tcp.getMaxConnections()).isNull();
		assertThat(tcp.getMaxUnauthenticatedConnections())
			.isEqualTo(TcpBrokerOptions.DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS);
		assertThat(tcp.getMaxUnauthenticatedPerAddress())
			.isEqualTo(TcpBrokerOptions.DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS);
		assertThat(new PatioProperties().getBroker().getWaitForPeer()).isNull();
		assertThat(tcp.getBusyPoll()).isZero();
		assertThat(tcp.getSsl().getBundle()).isNull();
		assertThat(tcp.getSsl().getClientAuth()).isEqualTo(PatioProperties.ClientAuth.NONE);
	}

	@Test
	void handshakeBudgetsBindToTheServersOptions() {
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0",
					"patio.broker.tcp.max-unauthenticated-connections=100",
					"patio.broker.tcp.max-unauthenticated-per-address=5")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TcpBrokerOptions options = ((TcpServerBroker) context.getBean(PatioBroker.class)).getOptions();
				assertThat(options.getMaxUnauthenticatedConnections()).isEqualTo(100);
				assertThat(options.getMaxUnauthenticatedPerAddress()).isEqualTo(5);
			});
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.max-unauthenticated-per-address=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("patio.broker.tcp.max-unauthenticated-per-address must be at least 1"));
	}

	@Test
	void waitForPeerIsOffOnClientsAndOnOnServersUnlessSet() {
		String[] client = { "patio.broker.type=tcp-client", "patio.executor.type=none",
				"patio.broker.tcp.connect=127.0.0.1:1", "patio.broker.tcp.reconnect-delay=10s",
				"patio.broker.tcp.reconnect-max-delay=10s" };
		String[] server = { "patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0" };
		this.runner.withPropertyValues(client).run((context) -> {
			TcpClientBroker broker = (TcpClientBroker) context.getBean(PatioBroker.class);
			assertThat(broker.getOptions().getWaitForPeer()).isNull();
			assertThat(broker.waitsForPeer()).isFalse();
		});
		this.runner.withPropertyValues(server)
			.run((context) -> assertThat(((TcpServerBroker) context.getBean(PatioBroker.class)).waitsForPeer())
				.isTrue());
		this.runner.withPropertyValues(client)
			.withPropertyValues("patio.broker.wait-for-peer=true")
			.run((context) -> assertThat(((TcpClientBroker) context.getBean(PatioBroker.class)).waitsForPeer())
				.isTrue());
		this.runner.withPropertyValues(server)
			.withPropertyValues("patio.broker.wait-for-peer=false")
			.run((context) -> assertThat(((TcpServerBroker) context.getBean(PatioBroker.class)).waitsForPeer())
				.isFalse());
	}

	@Test
	void tcpClientDialsTheConfiguredServersAndIsDownWhileNoneIsConnected() {
		this.runner
			.withPropertyValues("patio.broker.type=tcp-client", "patio.executor.type=none",
					"patio.broker.tcp.connect=127.0.0.1:1,[::1]:2", "patio.broker.tcp.reconnect-delay=10s",
					"patio.broker.tcp.reconnect-max-delay=10s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TcpClientBroker client = (TcpClientBroker) context.getBean(PatioBroker.class);
				assertThat(client.getExecutor()).isInstanceOf(NullPatioExecutor.class);
				assertThat(client.getServers()).containsExactly(new TcpAddress("127.0.0.1", 1),
						new TcpAddress("::1", 2));
				assertThat(new PatioBrokerHealthIndicator(client).health().getStatus().getCode()).isEqualTo("DOWN");
			});
	}

	@Test
	void keyLongerThan32BytesFailsAtStartupWithoutShowingTheKey() {
		String longKey = "k".repeat(30) + "ééé"; // 36 bytes in UTF-8, 33 characters
		this.runner.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.key=" + longKey)
			.run((context) -> {
				assertThat(context).hasFailed();
				String report = stackTrace(context.getStartupFailure());
				assertThat(report).contains("patio.broker.tcp.key is 36 bytes long; it must be at most 32 bytes");
				assertThat(report).doesNotContain(longKey).doesNotContain("kkkkkkkkkk");
			});
	}

	@Test
	void badAddressFailsAtStartupNamingTheProperty() {
		this.runner.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:99999")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(stackTrace(context.getStartupFailure())).contains("patio.broker.tcp.listen[0]")
					.contains("Port must be 0 to 65535");
			});
		this.runner.withPropertyValues("patio.broker.type=tcp-client", "patio.broker.tcp.connect=::1:15383")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(stackTrace(context.getStartupFailure())).contains("patio.broker.tcp.connect[0]")
					.contains("write an IPv6 literal in brackets");
			});
	}

	@Test
	void nonPositiveDurationsAndTinyFramesFailWithTheirPropertyNames() {
		this.runner.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.ping-interval=0s")
			.run((context) -> assertThat(stackTrace(context.getStartupFailure()))
				.contains("patio.broker.tcp.ping-interval must be a positive duration"));
		this.runner.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.busy-poll=1s")
			.run((context) -> assertThat(stackTrace(context.getStartupFailure()))
				.contains("patio.broker.tcp.busy-poll must be between 0 and 10ms"));
		this.runner.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.max-frame-size=8B")
			.run((context) -> assertThat(stackTrace(context.getStartupFailure()))
				.contains("patio.broker.tcp.max-frame-size must be at least 256 bytes"));
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.max-frame-size=512B",
					"patio.broker.tcp.handshake-max-frame-size=1KB")
			.run((context) -> assertThat(stackTrace(context.getStartupFailure()))
				.contains("patio.broker.tcp.handshake-max-frame-size (1024 bytes) must not be larger than"
						+ " max-frame-size (512 bytes)"));
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.reconnect-delay=10s",
					"patio.broker.tcp.reconnect-max-delay=1s")
			.run((context) -> assertThat(stackTrace(context.getStartupFailure()))
				.contains("patio.broker.tcp.reconnect-max-delay (PT1S) must not be shorter"));
	}

	@Test
	void missingSslBundleFailsWithAClearMessage() {
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0",
					"patio.broker.tcp.ssl.bundle=nope")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(stackTrace(context.getStartupFailure()))
					.contains("patio.broker.tcp.ssl.bundle=nope names no SSL bundle; define it under"
							+ " spring.ssl.bundle.pem.nope.* or spring.ssl.bundle.jks.nope.*");
			});
	}

	@Test
	void theKeyAppearsNowhereAnOperatorLooks() {
		this.runner
			.withPropertyValues("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0",
					"patio.broker.tcp.key=" + SECRET)
			.run((context) -> {
				TcpServerBroker server = (TcpServerBroker) context.getBean(PatioBroker.class);
				PatioProperties properties = context.getBean(PatioProperties.class);
				assertThat(properties.getBroker().getTcp().toString()).doesNotContain(SECRET).contains("key=(set)");
				assertThat(server.getOptions().toString()).doesNotContain(SECRET);
				assertThat(server.toString()).doesNotContain(SECRET);
				assertThat(String.valueOf(new PatioEndpoint(server).patio())).doesNotContain(SECRET);
				assertThat(String.valueOf(new PatioBrokerHealthIndicator(server).health())).doesNotContain(SECRET);
			});
	}

	static String stackTrace(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
