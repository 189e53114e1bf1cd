package io.patio.autoconfigure.tcp;

import java.io.File;
import java.time.Duration;
import java.util.Map;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.patio.broker.tcp.TcpServerBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static io.patio.autoconfigure.tcp.TcpPeerApplications.broker;
import static io.patio.autoconfigure.tcp.TcpPeerApplications.connections;
import static io.patio.autoconfigure.tcp.TcpPeerApplications.firstServer;
import static io.patio.autoconfigure.tcp.TcpPeerApplications.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS through Spring Boot SSL bundles ({@code patio.broker.tcp.ssl.bundle}): server-only
 * TLS, mutual TLS with {@code client-auth=need}, and the states a caller shows when TLS
 * fails. The certificates are made at test time: a CA that signs the worker's certificate
 * (SANs localhost, 127.0.0.1, ::1) and the caller's.
 */
@Timeout(120)
class TcpSslBundleTests {

	private static File caPem;

	private static File workerCert;

	private static File workerKey;

	private static File callerCert;

	private static File callerKey;

	private static File strangerPem;

	private final TcpPeerApplications apps = new TcpPeerApplications();

	@BeforeAll
	static void certificates() throws Exception {
		X509Bundle ca = new CertificateBuilder().subject("CN=patio test CA")
			.algorithm(CertificateBuilder.Algorithm.ecp256)
			.setIsCertificateAuthority(true)
			.buildSelfSigned();
		X509Bundle worker = new CertificateBuilder().subject("CN=localhost")
			.algorithm(CertificateBuilder.Algorithm.ecp256)
			.addSanDnsName("localhost")
			.addSanIpAddress("127.0.0.1")
			.addSanIpAddress("::1")
			.buildIssuedBy(ca);
		X509Bundle caller = new CertificateBuilder().subject("CN=caller")
			.algorithm(CertificateBuilder.Algorithm.ecp256)
			.buildIssuedBy(ca);
		X509Bundle stranger = new CertificateBuilder().subject("CN=stranger CA")
			.algorithm(CertificateBuilder.Algorithm.ecp256)
			.setIsCertificateAuthority(true)
			.buildSelfSigned();
		caPem = ca.toTempRootCertPem();
		workerCert = worker.toTempCertChainPem();
		workerKey = worker.toTempPrivateKeyPem();
		callerCert = caller.toTempCertChainPem();
		callerKey = caller.toTempPrivateKeyPem();
		strangerPem = stranger.toTempRootCertPem();
	}

	@AfterEach
	void closeAll() {
		this.apps.close();
	}

	private ConfigurableApplicationContext tlsWorker(String clientAuth) {
		return this.apps.worker("patio.broker.tcp.ssl.bundle=patio", "patio.broker.tcp.ssl.client-auth=" + clientAuth,
				"spring.ssl.bundle.pem.patio.keystore.certificate=" + location(workerCert),
				"spring.ssl.bundle.pem.patio.keystore.private-key=" + location(workerKey),
				"spring.ssl.bundle.pem.patio.truststore.certificate=" + location(caPem));
	}

	@Test
	void serverOnlyTlsFromABundle() throws Exception {
		ConfigurableApplicationContext worker = tlsWorker("none");
		int port = ((TcpServerBroker) broker(worker)).getPort();
		ConfigurableApplicationContext caller = this.apps.caller(port, "patio.broker.tcp.ssl.bundle=patio",
				"spring.ssl.bundle.pem.patio.truststore.certificate=" + location(caPem));

		assertThat(broker(caller).call("mul", Integer.class, 6, 7).get()).isEqualTo(42);
		Map<String, Object> connection = connections(caller).get(0);
		assertThat(connection).containsEntry("tls", true);
		assertThat(TcpPeerApplications.details(caller)).containsEntry("tls", true);
	}

	@Test
	void mutualTlsWithClientAuthNeed() throws Exception {
		ConfigurableApplicationContext worker = tlsWorker("need");
		int port = ((TcpServerBroker) broker(worker)).getPort();
		ConfigurableApplicationContext caller = this.apps.caller(port, "patio.broker.tcp.ssl.bundle=patio",
				"spring.ssl.bundle.pem.patio.truststore.certificate=" + location(caPem),
				"spring.ssl.bundle.pem.patio.keystore.certificate=" + location(callerCert),
				"spring.ssl.bundle.pem.patio.keystore.private-key=" + location(callerKey));

		assertThat(broker(caller).call("mul", Integer.class, 3, 5).get()).isEqualTo(15);
		assertThat(connections(worker).get(0)).containsEntry("tls", true).containsEntry("direction", "accepted");
	}

	@Test
	void callerWithoutACertificateIsRefusedWhenTheWorkerNeedsOne() {
		ConfigurableApplicationContext worker = tlsWorker("need");
		int port = ((TcpServerBroker) broker(worker)).getPort();
		ConfigurableApplicationContext caller = this.apps.caller(port, "patio.broker.tcp.ssl.bundle=patio",
				"spring.ssl.bundle.pem.patio.truststore.certificate=" + location(caPem));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(firstServer(caller)).containsEntry("state", "tls-failed");
			assertThat(health(caller).getStatus().getCode()).isEqualTo("DOWN");
		});
		assertThat(connections(worker)).isEmpty();
	}

	@Test
	void callerThatDoesNotTrustTheWorkerShowsTlsFailed() {
		ConfigurableApplicationContext worker = tlsWorker("none");
		int port = ((TcpServerBroker) broker(worker)).getPort();
		ConfigurableApplicationContext caller = this.apps.caller(port, "patio.broker.tcp.ssl.bundle=patio",
				"spring.ssl.bundle.pem.patio.truststore.certificate=" + location(strangerPem));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(firstServer(caller)).containsEntry("state", "tls-failed");
			assertThat((String) firstServer(caller).get("lastError")).contains("TLS handshake");
		});
		assertThat(health(caller).getStatus().getCode()).isEqualTo("DOWN");
	}

	private static String location(File file) {
		return "file:" + file.getAbsolutePath();
	}

}
