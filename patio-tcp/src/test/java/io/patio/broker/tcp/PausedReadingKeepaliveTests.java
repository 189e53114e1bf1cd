package io.patio.broker.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.patio.call.Call;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection whose reading the flow control paused, because the peer's calls fill its
 * cap, reads no answers to its pings either: that silence must not cost a healthy
 * connection, on either side, for as long as the calls run.
 */
@Timeout(60)
class PausedReadingKeepaliveTests {

	public static class Holding {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		public String hold() throws InterruptedException {
			this.started.countDown();
			this.release.await();
			return "done";
		}

	}

	@Test
	void aCallThatHoldsTheConnectionsCapOutlastsManyPingsAndIsAnswered() throws Exception {
		Holding tasks = new Holding();
		Registry registry = new Registry();
		registry.register("hold", tasks, "hold");
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 2, 10);
		TcpBrokerOptions options = TcpBrokerOptions.builder()
			.key("k")
			.eventLoopThreads(1)
			.maxInFlightPerConnection(1)
			.pingInterval(Duration.ofMillis(200))
			.pingTimeout(Duration.ofMillis(200))
			.build();
		TcpServerBroker server = new TcpServerBroker(executor, options, "127.0.0.1:0");
		server.start();
		try (server;
				TcpClientBroker client = new TcpClientBroker(new NullPatioExecutor(new Registry()), options,
						"127.0.0.1:" + server.getPort())) {
			client.connect(Duration.ofSeconds(10));
			CompletableFuture<String> call = client.call(Call.of("hold", String.class).timeout(Duration.ofSeconds(30)));
			assertThat(tasks.started.await(10, TimeUnit.SECONDS)).isTrue();
			TcpConnection serverSide = server.getConnections().get(0);
			try {
				// five rounds of ping interval and timeout with reading paused: nothing
				// may fail on either side (before the fix both dropped the connection)
				assertThat(call).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(TimeoutException.class);
				assertThat(serverSide.getReadPauses()).isPositive();
				assertThat(serverSide.isOpen()).isTrue();
			}
			finally {
				tasks.release.countDown();
			}
			assertThat(call).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("done");
			assertThat(serverSide.isOpen()).isTrue();
		}
		finally {
			executor.shutdown(Duration.ofSeconds(1));
		}
	}

}
