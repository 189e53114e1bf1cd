package io.patio.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpAddress;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.PatioExecutor;
import io.patio.protocol.HandshakeDigest;
import io.patio.serializer.cbor.CborSerializer;
import io.patio.serializer.JsonSerializer;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Builds the TCP brokers from {@code patio.broker.tcp.*}: checks the key and the
 * addresses with messages that name the property (and never show the key), and turns the
 * named Spring Boot SSL bundle into a Netty {@link SslContext} for the broker's role.
 */
final class TcpBrokerFactory {

	private static final String PREFIX = "patio.broker.tcp.";

	private final PatioProperties.Broker properties;

	private final SslBundles sslBundles;

	/**
	 * @param properties {@code patio.broker.*}
	 * @param sslBundles Boot's SSL bundles, or {@code null} when the context has none
	 */
	TcpBrokerFactory(PatioProperties.Broker properties, SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
	}

	PatioBroker server(PatioExecutor executor) {
		PatioProperties.Tcp tcp = this.properties.getTcp();
		List<TcpAddress> listen = addresses(tcp.getListen(), "listen");
		if (listen.isEmpty()) {
			throw new IllegalStateException("patio.broker.type=tcp-server needs at least one address in " + PREFIX
					+ "listen, such as 127.0.0.1:15383 (the default) or [::1]:15383");
		}
		return new TcpServerBroker(executor, options(true), listen);
	}

	PatioBroker client(PatioExecutor executor) {
		PatioProperties.Tcp tcp = this.properties.getTcp();
		List<TcpAddress> connect = addresses(tcp.getConnect(), "connect");
		if (connect.isEmpty()) {
			throw new IllegalStateException("patio.broker.type=tcp-client needs the servers to dial in " + PREFIX
					+ "connect, a list of host:port such as 127.0.0.1:15383 (IPv6 in brackets: [::1]:15383)");
		}
		return new TcpClientBroker(executor, options(false), connect);
	}

	TcpBrokerOptions options(boolean server) {
		PatioProperties.Tcp tcp = this.properties.getTcp();
		byte[] key = tcp.getKey().getBytes(StandardCharsets.UTF_8);
		if (key.length > HandshakeDigest.MAX_KEY_SIZE) {
			// never the key itself: this message ends up in logs
			throw new IllegalStateException(PREFIX + "key is " + key.length + " bytes long in UTF-8; it must be at"
					+ " most " + HandshakeDigest.MAX_KEY_SIZE + " bytes (BLAKE2s's key size). Use the same shorter"
					+ " key on every peer of the project.");
		}
		if (tcp.getReconnectMaxDelay().compareTo(tcp.getReconnectDelay()) < 0) {
			throw new IllegalStateException(PREFIX + "reconnect-max-delay (" + tcp.getReconnectMaxDelay()
					+ ") must not be shorter than " + PREFIX + "reconnect-delay (" + tcp.getReconnectDelay() + ")");
		}
		TcpBrokerOptions.Builder builder = TcpBrokerOptions.builder()
			.key(key)
			.serializer((tcp.getSerializer() == PatioProperties.SerializerType.CBOR) ? CborSerializer.INSTANCE
					: JsonSerializer.INSTANCE)
			.defaultTimeout(this.properties.getTimeout())
			.reconnectDelay(tcp.getReconnectDelay())
			.reconnectMaxDelay(tcp.getReconnectMaxDelay())
			.handshakeTimeout(tcp.getHandshakeTimeout())
			.pingInterval(tcp.getPingInterval())
			.pingTimeout(tcp.getPingTimeout())
			.maxFrameSize((int) tcp.getMaxFrameSize().toBytes())
			.handshakeMaxFrameSize((int) tcp.getHandshakeMaxFrameSize().toBytes())
			.maxPendingWriteBytes((int) tcp.getMaxPendingWrites().toBytes())
			.busyPoll(tcp.getBusyPoll())
			.maxInFlightPerConnection(tcp.getMaxInFlightPerConnection())
			.maxUnauthenticatedConnections(tcp.getMaxUnauthenticatedConnections())
			.maxUnauthenticatedPerAddress(tcp.getMaxUnauthenticatedPerAddress())
			.waitForPeer(this.properties.getWaitForPeer());
		if (tcp.getMaxConnections() != null) {
			builder.maxConnections(tcp.getMaxConnections());
		}
		String bundle = tcp.getSsl().getBundle();
		if (bundle != null && !bundle.isBlank()) {
			builder.sslContext(sslContext(bundle, server, tcp.getSsl().getClientAuth()));
		}
		return builder.build();
	}

	private static List<TcpAddress> addresses(List<String> values, String property) {
		List<TcpAddress> addresses = new ArrayList<>();
		if (values == null) {
			return addresses;
		}
		for (int i = 0; i < values.size(); i++) {
			try {
				addresses.add(TcpAddress.parse(values.get(i)));
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				throw new IllegalStateException(PREFIX + property + "[" + i + "]: " + ex.getMessage()
						+ " (write host:port, e.g. 127.0.0.1:15383 or [::1]:15383)", ex);
			}
		}
		return addresses;
	}

	private SslContext sslContext(String name, boolean server, PatioProperties.ClientAuth clientAuth) {
		if (this.sslBundles == null) {
			throw new IllegalStateException(PREFIX + "ssl.bundle=" + name + " is set but the application has no"
					+ " SslBundles bean; enable Spring Boot's SSL auto-configuration (SslAutoConfiguration)");
		}
		SslBundle bundle;
		try {
			bundle = this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException(PREFIX + "ssl.bundle=" + name + " names no SSL bundle; define it under"
					+ " spring.ssl.bundle.pem." + name + ".* or spring.ssl.bundle.jks." + name + ".*", ex);
		}
		boolean hasKeys = bundle.getStores().getKeyStore() != null;
		try {
			SslContextBuilder builder;
			if (server) {
				if (!hasKeys) {
					throw new IllegalStateException("SSL bundle '" + name + "' has no key store, so a tcp-server"
							+ " has no certificate to show; set spring.ssl.bundle.pem." + name
							+ ".keystore.certificate and .private-key (or a JKS/PKCS12 keystore)");
				}
				builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
					.clientAuth(switch (clientAuth) {
						case NONE -> ClientAuth.NONE;
						case WANT -> ClientAuth.OPTIONAL;
						case NEED -> ClientAuth.REQUIRE;
					});
			}
			else {
				// Netty 4.2 clients check the server's host name (HTTPS rules) by default
				builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
				if (hasKeys) {
					builder.keyManager(bundle.getManagers().getKeyManagerFactory());
				}
			}
			builder.trustManager(bundle.getManagers().getTrustManagerFactory());
			SslOptions options = bundle.getOptions();
			if (options.getEnabledProtocols() != null) {
				builder.protocols(options.getEnabledProtocols());
			}
			if (options.getCiphers() != null) {
				builder.ciphers(List.of(options.getCiphers()));
			}
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot make a TLS context from SSL bundle '" + name + "' for " + PREFIX
					+ "ssl.bundle: " + ex.getMessage(), ex);
		}
	}

}
