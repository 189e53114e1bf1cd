package io.patio.broker.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.patio.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * TLS with certificates made at test time: a CA issues the server's certificate (SANs
 * localhost, 127.0.0.1 and ::1) and the client's; server-only TLS, mutual TLS, the
 * failures a client must see clearly, IPv6, and JDK {@code SSLContext}s.
 */
@Timeout(60)
class TlsTests {

	private static X509Bundle ca;

	private static X509Bundle server;

	private static X509Bundle client;

	private static X509Bundle otherCa;

	private final TcpPeers peers = new TcpPeers();

	@BeforeAll
	static void certificates() throws Exception {
		ca = new CertificateBuilder().subject("CN=patio test CA")
			.ecp256()
			.setIsCertificateAuthority(true)
			.buildSelfSigned();
		server = new CertificateBuilder().subject("CN=localhost")
			.ecp256()
			.addSanDnsName("localhost")
			.addSanIpAddress("127.0.0.1")
			.addSanIpAddress("::1")
			.addExtendedKeyUsageServerAuth()
			.buildIssuedBy(ca);
		client = new CertificateBuilder().subject("CN=patio client")
			.ecp256()
			.addExtendedKeyUsageClientAuth()
			.buildIssuedBy(ca);
		otherCa = new CertificateBuilder().subject("CN=some other CA")
			.ecp256()
			.setIsCertificateAuthority(true)
			.buildSelfSigned();
	}

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
	}

	private static SslContext serverOnly() throws Exception {
		return SslContextBuilder.forServer(server.toKeyManagerFactory()).build();
	}

	private static SslContext serverRequiringClients() throws Exception {
		return SslContextBuilder.forServer(server.toKeyManagerFactory())
			.trustManager(ca.toTrustManagerFactory())
			.clientAuth(ClientAuth.REQUIRE)
			.build();
	}

	private static SslContext trustingClient() throws Exception {
		return SslContextBuilder.forClient().trustManager(ca.toTrustManagerFactory()).build();
	}

	private TcpServerBroker tlsServer(SslContext context, String... listen) {
		return this.peers.server("tls-worker", TcpPeers.fast().sslContext(context).build(), listen);
	}

	private TcpClientBroker tlsClient(SslContext context, String address) {
		return this.peers.clientTo(null, TcpPeers.fast().sslContext(context).build(), address);
	}

	@Test
	void serverOnlyTls() throws Exception {
		TcpServerBroker tls = tlsServer(serverOnly());
		TcpClientBroker caller = tlsClient(trustingClient(), "localhost:" + tls.getPort());
		caller.connect();
		assertThat(caller.call("whoami", String.class).join()).isEqualTo("tls-worker");
		// the IP address is in the certificate too
		TcpClientBroker byIp = tlsClient(trustingClient(), "127.0.0.1:" + tls.getPort());
		byIp.connect();
		assertThat(byIp.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
	}

	@Test
	void mutualTls() throws Exception {
		TcpServerBroker tls = tlsServer(serverRequiringClients());
		SslContext withCertificate = SslContextBuilder.forClient()
			.keyManager(client.toKeyManagerFactory())
			.trustManager(ca.toTrustManagerFactory())
			.build();
		TcpClientBroker caller = tlsClient(withCertificate, "localhost:" + tls.getPort());
		caller.connect();
		assertThat(caller.call("whoami", String.class).join()).isEqualTo("tls-worker");
	}

	@Test
	void clientWithoutACertificateFailsClearlyWhenTheServerRequiresOne() throws Exception {
		TcpServerBroker tls = tlsServer(serverRequiringClients());
		TcpClientBroker caller = tlsClient(trustingClient(), "localhost:" + tls.getPort());
		assertThatThrownBy(caller::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("TLS handshake")
			.hasMessageContaining("certificate");
		assertThat(tls.getConnections()).isEmpty();
	}

	@Test
	void clientWithACertificateFromAnotherCaIsRefused() throws Exception {
		TcpServerBroker tls = tlsServer(serverRequiringClients());
		X509Bundle stranger = new CertificateBuilder().subject("CN=stranger")
			.ecp256()
			.addExtendedKeyUsageClientAuth()
			.buildIssuedBy(otherCa);
		SslContext context = SslContextBuilder.forClient()
			.keyManager(stranger.toKeyManagerFactory())
			.trustManager(ca.toTrustManagerFactory())
			.build();
		TcpClientBroker caller = tlsClient(context, "localhost:" + tls.getPort());
		assertThatThrownBy(caller::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("TLS handshake");
		assertThat(tls.getConnections()).isEmpty();
	}

	@Test
	void clientThatDoesNotTrustTheServerFailsToConnect() throws Exception {
		TcpServerBroker tls = tlsServer(serverOnly());
		// trusts another CA only
		SslContext context = SslContextBuilder.forClient().trustManager(otherCa.toTrustManagerFactory()).build();
		TcpClientBroker caller = tlsClient(context, "localhost:" + tls.getPort());
		assertThatThrownBy(caller::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("TLS handshake")
			.hasMessageContaining("trust");
	}

	@Test
	void clientVerifiesTheServersHostName() throws Exception {
		X509Bundle elsewhere = new CertificateBuilder().subject("CN=elsewhere")
			.ecp256()
			.addSanDnsName("elsewhere.example")
			.buildIssuedBy(ca);
		SslContext serverContext = SslContextBuilder.forServer(elsewhere.toKeyManagerFactory()).build();
		TcpServerBroker tls = tlsServer(serverContext);
		// the certificate is signed by a CA the client trusts, but names another host
		TcpClientBroker byName = tlsClient(trustingClient(), "localhost:" + tls.getPort());
		assertThatThrownBy(byName::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("TLS handshake")
			.hasMessageContaining("host name");
		TcpClientBroker byIp = tlsClient(trustingClient(), "127.0.0.1:" + tls.getPort());
		assertThatThrownBy(byIp::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("TLS handshake");
	}

	@Test
	void aPeerThatEndsTlsButKeepsItsSocketIsDroppedAtOnce() throws Exception {
		TcpServerBroker tls = tlsServer(serverOnly());
		TcpClientBroker caller = tlsClient(trustingClient(), "localhost:" + tls.getPort());
		caller.connect();
		assertThat(caller.call("mul", Integer.class, 6, 7).join()).isEqualTo(42);
		Channel clientSide = caller.getConnections().get(0).channel();
		Channel serverSide = tls.getConnections().get(0).channel();
		// the server's TLS says close_notify and keeps the socket open: whatever the
		// client writes now is dropped by its TLS handler, so the client ends the
		// connection (and fails its calls on it) at once, not after its keepalive's 20 s
		serverSide.pipeline().get(SslHandler.class).closeOutbound();
		await().atMost(Duration.ofSeconds(5)).until(() -> !clientSide.isActive());
		// and it connects again, for the next call
		assertThat(caller.call("mul", Integer.class, 2, 3).get(10, TimeUnit.SECONDS)).isEqualTo(6);
	}

	@Test
	void tlsOverIpv6Loopback() throws Exception {
		Assumptions.assumeTrue(ipv6LoopbackAvailable(), "IPv6 loopback (::1) is not available on this machine");
		TcpServerBroker tls = tlsServer(serverRequiringClients(), "[::1]:0");
		SslContext withCertificate = SslContextBuilder.forClient()
			.keyManager(client.toKeyManagerFactory())
			.trustManager(ca.toTrustManagerFactory())
			.build();
		TcpClientBroker caller = tlsClient(withCertificate, "[::1]:" + tls.getPort());
		caller.connect();
		assertThat(caller.call("whoami", String.class).join()).isEqualTo("tls-worker");
		assertThat(((InetSocketAddress) caller.getConnections().get(0).getRemoteAddress()).getAddress())
			.isEqualTo(InetAddress.getByName("::1"));
	}

	@Test
	void jdkSslContextsWorkForMutualTlsAndStillVerifyTheHostName() throws Exception {
		SSLContext serverJdk = SSLContext.getInstance("TLS");
		serverJdk.init(server.toKeyManagerFactory().getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(),
				null);
		SSLContext clientJdk = SSLContext.getInstance("TLS");
		clientJdk.init(client.toKeyManagerFactory().getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(),
				null);
		TcpServerBroker tls = this.peers.server("tls-worker",
				TcpPeers.fast().serverSslContext(serverJdk, ClientAuth.REQUIRE).build());
		TcpClientBroker caller = this.peers.clientTo(null, TcpPeers.fast().clientSslContext(clientJdk).build(),
				"localhost:" + tls.getPort());
		caller.connect();
		assertThat(caller.call("whoami", String.class).join()).isEqualTo("tls-worker");

		X509Bundle elsewhere = new CertificateBuilder().subject("CN=elsewhere")
			.ecp256()
			.addSanDnsName("elsewhere.example")
			.buildIssuedBy(ca);
		SSLContext elsewhereJdk = SSLContext.getInstance("TLS");
		elsewhereJdk.init(elsewhere.toKeyManagerFactory().getKeyManagers(), null, null);
		TcpServerBroker wrongName = this.peers.server("tls-worker",
				TcpPeers.fast().serverSslContext(elsewhereJdk, ClientAuth.NONE).build());
		TcpClientBroker misled = this.peers.clientTo(null, TcpPeers.fast().clientSslContext(clientJdk).build(),
				"localhost:" + wrongName.getPort());
		assertThatThrownBy(misled::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("TLS handshake");
	}

	static boolean ipv6LoopbackAvailable() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
