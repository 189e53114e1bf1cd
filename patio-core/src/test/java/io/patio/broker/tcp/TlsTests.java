package io.patio.broker.tcp;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.patio.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A smoke test of the TLS option; the full TLS suite belongs to the hardening issue. */
@Timeout(60)
class TlsTests {

	private static X509Bundle server;

	private final TcpPeers peers = new TcpPeers();

	@BeforeAll
	static void certificates() throws Exception {
		server = new CertificateBuilder().subject("CN=localhost")
			.algorithm(CertificateBuilder.Algorithm.ecp256)
			.setIsCertificateAuthority(true)
			.addSanDnsName("localhost")
			.addSanIpAddress("127.0.0.1")
			.buildSelfSigned();
	}

	@AfterEach
	void closeAll() throws Exception {
		this.peers.close();
	}

	@Test
	void callsGoOverTls() throws Exception {
		SslContext serverContext = SslContextBuilder.forServer(server.toKeyManagerFactory()).build();
		SslContext clientContext = SslContextBuilder.forClient().trustManager(server.toTrustManagerFactory()).build();
		TcpServerBroker tls = this.peers.server("tls-worker", TcpPeers.fast().sslContext(serverContext).build());
		TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().sslContext(clientContext).build(),
				"localhost:" + tls.getPort());
		client.connect();
		assertThat(client.call("whoami", String.class).join()).isEqualTo("tls-worker");
	}

	@Test
	void clientVerifiesTheServersHostName() throws Exception {
		X509Bundle elsewhere = new CertificateBuilder().subject("CN=elsewhere")
			.algorithm(CertificateBuilder.Algorithm.ecp256)
			.setIsCertificateAuthority(true)
			.addSanDnsName("elsewhere.example")
			.buildSelfSigned();
		SslContext serverContext = SslContextBuilder.forServer(elsewhere.toKeyManagerFactory()).build();
		SslContext clientContext = SslContextBuilder.forClient().trustManager(elsewhere.toTrustManagerFactory()).build();
		TcpServerBroker tls = this.peers.server("tls-worker", TcpPeers.fast().sslContext(serverContext).build());
		TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().sslContext(clientContext).build(),
				"127.0.0.1:" + tls.getPort());
		assertThatThrownBy(client::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("TLS handshake");
	}

	@Test
	void clientThatDoesNotTrustTheServerFailsToConnect() throws Exception {
		SslContext serverContext = SslContextBuilder.forServer(server.toKeyManagerFactory()).build();
		SslContext clientContext = SslContextBuilder.forClient().build();
		TcpServerBroker tls = this.peers.server("tls-worker", TcpPeers.fast().sslContext(serverContext).build());
		TcpClientBroker client = this.peers.clientTo(null, TcpPeers.fast().sslContext(clientContext).build(),
				"127.0.0.1:" + tls.getPort());
		assertThatThrownBy(client::connect).isInstanceOf(AuthenticationException.class)
			.hasMessageContaining("TLS handshake");
	}

}
