package io.patio.serializer.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.patio.BadArgumentsException;
import io.patio.RemoteTaskException;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpConnection;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.call.Call;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A value whose own code throws while it is encoded (a collection that fails when read,
 * as a lazily loaded one does outside its session), with each wire format: a result is
 * still answered, with an error, and its call ends for the connection's flow control; an
 * argument fails its call, and the caller's thread goes on. Pickle's writer lets such an
 * exception out as it is; Jackson wraps it.
 */
@Timeout(60)
class EncodeFailureTests {

	public static class Tasks {

		public List<String> lazy() {
			return lazyList();
		}

		public int size(List<String> values) {
			return values.size();
		}

		public int mul(int a, int b) {
			return a * b;
		}

		static List<String> lazyList() {
			return new AbstractList<>() {
				@Override
				public String get(int index) {
					throw new IllegalStateException("failed to lazily initialize a collection: no session");
				}

				@Override
				public int size() {
					return 1;
				}
			};
		}

	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "pickle" })
	void aResultThatThrowsAsItIsEncodedIsAnsweredWithAnErrorAndEndsItsCall(String format) throws Exception {
		Registry registry = new Registry();
		Tasks tasks = new Tasks();
		registry.register("lazy", tasks, "lazy");
		registry.register("size", tasks, "size");
		registry.register("mul", tasks, "mul");
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 2, 100);
		TcpBrokerOptions options = TcpBrokerOptions.builder()
			.serializer(Serializer.forName(format))
			.key("k")
			.eventLoopThreads(1)
			.build();
		TcpServerBroker server = new TcpServerBroker(executor, options, "127.0.0.1:0");
		server.start();
		try (server;
				TcpClientBroker client = new TcpClientBroker(new NullPatioExecutor(new Registry()), options,
						"127.0.0.1:" + server.getPort())) {
			client.connect(Duration.ofSeconds(10));

			CompletableFuture<Object> answer = client
				.call(Call.of("lazy", Object.class).timeout(Duration.ofSeconds(30)));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answer.get(20, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(RemoteTaskException.class)
				.withMessageContaining("The result of task 'lazy' cannot be serialized")
				.withMessageContaining("no session");
			TcpConnection serverSide = server.getConnections().get(0);
			await().atMost(Duration.ofSeconds(10)).until(() -> serverSide.getExecuting() == 0);

			CompletableFuture<Integer> sent = client
				.call(Call.of("size", Integer.class).args(Tasks.lazyList()).timeout(Duration.ofSeconds(30)));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> sent.get(20, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(BadArgumentsException.class)
				.withMessageContaining("The arguments of task 'size' cannot be sent")
				.withMessageContaining("no session");

			// the connection is as good as before
			assertThat(client.call("mul", Integer.class, 6, 7).get(20, TimeUnit.SECONDS)).isEqualTo(42);
		}
		finally {
			executor.shutdown(Duration.ofSeconds(1));
		}
	}

}
