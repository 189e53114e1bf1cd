package io.patio.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.patio.broker.tcp.TcpAddress;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.PatioExecutor;
import io.patio.serializer.Serializer;

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

	private final Serializer serializer;

	private final List<TcpBrokerOptionsCustomizer> customizers;

	/**
	 * @param properties {@code patio.broker.*}
	 * @param sslBundles Boot's SSL bundles, or {@code null} when the context has none
	 * @param serializer the wire encoding
	 * @param customizers applied in this order after the properties
	 */
	TcpBrokerFactory(PatioProperties.Broker properties, SslBundles sslBundles, Serializer serializer,
			List<TcpBrokerOptionsCustomizer> customizers) {
		this.properties = properties;
		this.sslBundles = sslBundles;
		this.serializer = serializer;
		this.customizers = List.copyOf(customizers);
	}

	TcpServerBroker server(PatioExecutor executor) {
		PatioProperties.Tcp tcp = this.properties.getTcp();
		List<TcpAddress> listen = addresses(tcp.getListen(), "listen");
		if (listen.isEmpty()) {
			throw new IllegalStateException("patio.broker.type=tcp-server needs at least one address in " + PREFIX
					+ "listen, such as 127.0.0.1:15383 (the default) or [::1]:15383");
		}
		return new TcpServerBroker(executor, options(true), listen);
	}

	TcpClientBroker client(PatioExecutor executor) {
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
		TcpBrokerOptions.Builder builder = TcpBrokerOptions.builder().serializer(this.serializer);
		key(builder, tcp.getKey());
		OptionsFromProperties options = new OptionsFromProperties()
			.with("patio.broker.timeout", this.properties.getTimeout(), builder::defaultTimeout)
			.with(PREFIX + "reconnect-delay", tcp.getReconnectDelay(), builder::reconnectDelay)
			.with(PREFIX + "reconnect-max-delay", tcp.getReconnectMaxDelay(), builder::reconnectMaxDelay)
			.with(PREFIX + "handshake-timeout", tcp.getHandshakeTimeout(), builder::handshakeTimeout)
			.with(PREFIX + "ping-interval", tcp.getPingInterval(), builder::pingInterval)
			.with(PREFIX + "ping-timeout", tcp.getPingTimeout(), builder::pingTimeout)
			.with(PREFIX + "max-frame-size", tcp.getMaxFrameSize(),
					(size) -> builder.maxFrameSize(OptionsFromProperties.bytes(size)))
			.with(PREFIX + "handshake-max-frame-size", tcp.getHandshakeMaxFrameSize(),
					(size) -> builder.handshakeMaxFrameSize(OptionsFromProperties.bytes(size)))
			.with(PREFIX + "max-pending-writes", tcp.getMaxPendingWrites(),
					(size) -> builder.maxPendingWriteBytes(OptionsFromProperties.bytes(size)))
			.with(PREFIX + "busy-poll", tcp.getBusyPoll(), builder::busyPoll)
			.with(PREFIX + "max-in-flight-per-connection", tcp.getMaxInFlightPerConnection(),
					builder::maxInFlightPerConnection)
			.with(PREFIX + "max-unauthenticated-connections", tcp.getMaxUnauthenticatedConnections(),
					builder::maxUnauthenticatedConnections)
			.with(PREFIX + "max-unauthenticated-per-address", tcp.getMaxUnauthenticatedPerAddress(),
					builder::maxUnauthenticatedPerAddress)
			.with(PREFIX + "max-connections", tcp.getMaxConnections(), (max) -> {
				if (max != null) {
					builder.maxConnections(max);
				}
			});
		builder.waitForPeer(this.properties.getWaitForPeer());
		String bundle = tcp.getSsl().getBundle();
		if (bundle != null && !bundle.isBlank()) {
			builder.sslContext(sslContext(bundle, server, tcp.getSsl().getClientAuth()));
		}
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return options.create(builder::build);
	}

	/**
	 * The key goes to the builder, which checks it, but never into a report: Boot's
	 * failure analysis of an invalid property shows its value.
	 */
	private static void key(TcpBrokerOptions.Builder builder, String key) {
		try {
			builder.key(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(PREFIX + ex.getMessage(), ex);
		}
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
