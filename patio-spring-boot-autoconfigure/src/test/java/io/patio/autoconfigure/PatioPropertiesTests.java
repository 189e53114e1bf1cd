package io.patio.autoconfigure;

import java.util.List;

import io.patio.broker.MemoryBroker;
import io.patio.broker.tcp.TcpAddress;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.AsyncPatioExecutor;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.executor.process.ProcessPoolOptions;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every default of {@link PatioProperties} is the library's own default, so that an
 * application that sets nothing behaves as plain Java code that sets nothing (as Boot's
 * {@code RabbitPropertiesTests.propertiesUseConsistentDefaultValues} pins its defaults to
 * the RabbitMQ client's). A property added without a line here is caught by
 * {@link #everyPropertyIsPinned()}.
 */
class PatioPropertiesTests {

	private final PatioProperties properties = new PatioProperties();

	private final Registry registry = new Registry();

	@Test
	void registryUsesConsistentDefaultValues() {
		Registry registry = Registry.builder().build();
		assertThat(this.properties.getProject()).isEqualTo(registry.getProject());
		assertThat(this.properties.isAutoNaming()).isEqualTo(registry.isAutoNaming());
		assertThat(this.properties.isStrict()).isEqualTo(registry.isStrict());
	}

	@Test
	void executorUsesConsistentDefaultValues() {
		PatioProperties.Executor executor = this.properties.getExecutor();
		ThreadPoolPatioExecutor threadPool = new ThreadPoolPatioExecutor(this.registry);
		AsyncPatioExecutor async = new AsyncPatioExecutor(this.registry);
		try {
			assertThat(executor.getMaxWorkers()).isEqualTo(threadPool.getMaxWorkers()).isEqualTo(async.getMaxWorkers());
			assertThat(executor.getQueueCapacity()).isEqualTo(threadPool.getQueueCapacity())
				.isEqualTo(async.getQueueCapacity());
		}
		finally {
			threadPool.close();
			async.close();
		}
	}

	@Test
	void processPoolUsesConsistentDefaultValues() {
		PatioProperties.Executor executor = this.properties.getExecutor();
		PatioProperties.Process process = executor.getProcess();
		ProcessPoolOptions options = ProcessPoolOptions.builder().registryFactory("example.Tasks").build();
		assertThat(executor.getMaxWorkers()).isEqualTo(options.getMaxWorkers());
		assertThat(executor.getQueueCapacity()).isEqualTo(options.getQueueCapacity());
		assertThat(process.getTasksPerWorker()).isEqualTo(options.getTasksPerWorker());
		assertThat(process.getRecycleAfter()).isEqualTo(options.getRecycleAfter());
		assertThat(process.getStartupTimeout()).isEqualTo(options.getStartupTimeout());
		assertThat(process.getJvmOptions()).isEqualTo(options.getJvmOptions());
		assertThat(process.isWorker()).isFalse();
		assertThat(process.getProperties()).isEmpty();
	}

	@Test
	void brokerUsesConsistentDefaultValues() {
		PatioProperties.Broker broker = this.properties.getBroker();
		MemoryBroker memory = new MemoryBroker(new NullPatioExecutor(this.registry));
		try {
			assertThat(broker.getTimeout()).isEqualTo(memory.getDefaultTimeout());
		}
		finally {
			memory.close();
		}
		assertThat(broker.getTimeout()).isEqualTo(TcpBrokerOptions.defaults().getDefaultTimeout());
		assertThat(broker.getWaitForPeer()).isEqualTo(TcpBrokerOptions.defaults().getWaitForPeer());
	}

	@Test
	void tcpUsesConsistentDefaultValues() {
		PatioProperties.Tcp tcp = this.properties.getBroker().getTcp();
		TcpBrokerOptions options = TcpBrokerOptions.defaults();
		assertThat(tcp.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(options.getKey());
		assertThat(tcp.getSerializer()).isEqualTo(options.getSerializer().getName());
		assertThat(tcp.getReconnectDelay()).isEqualTo(options.getReconnectDelay());
		assertThat(tcp.getReconnectMaxDelay()).isEqualTo(options.getReconnectMaxDelay());
		assertThat(tcp.getHandshakeTimeout()).isEqualTo(options.getHandshakeTimeout());
		assertThat(tcp.getPingInterval()).isEqualTo(options.getPingInterval());
		assertThat(tcp.getPingTimeout()).isEqualTo(options.getPingTimeout());
		assertThat(tcp.getMaxFrameSize().toBytes()).isEqualTo(options.getMaxFrameSize());
		assertThat(tcp.getHandshakeMaxFrameSize().toBytes()).isEqualTo(options.getHandshakeMaxFrameSize());
		// unset is no limit, which the options spell as Integer.MAX_VALUE
		assertThat(tcp.getMaxConnections()).isNull();
		assertThat(options.getMaxConnections()).isEqualTo(Integer.MAX_VALUE);
		assertThat(tcp.getMaxUnauthenticatedConnections()).isEqualTo(options.getMaxUnauthenticatedConnections());
		assertThat(tcp.getMaxUnauthenticatedPerAddress()).isEqualTo(options.getMaxUnauthenticatedPerAddress());
		assertThat(tcp.getMaxPendingWrites().toBytes()).isEqualTo(options.getMaxPendingWriteBytes());
		assertThat(tcp.getBusyPoll()).isEqualTo(options.getBusyPoll());
		assertThat(tcp.getMaxInFlightPerConnection()).isEqualTo(options.getMaxInFlightPerConnection());
		assertThat(tcp.getConnect()).isEmpty();
		assertThat(tcp.getSsl().getBundle()).isNull();
		assertThat(options.getSslContext()).isNull();
		assertThat(tcp.getSsl().getClientAuth()).isEqualTo(PatioProperties.ClientAuth.NONE);
	}

	@Test
	void tcpServerListensWhereTheLibraryListensByDefault() {
		PatioProperties.Tcp tcp = this.properties.getBroker().getTcp();
		TcpServerBroker server = new TcpServerBroker(new NullPatioExecutor(this.registry), TcpBrokerOptions.defaults(),
				List.of());
		try {
			assertThat(tcp.getListen().stream().map(TcpAddress::parse).toList()).isEqualTo(server.getListenAddresses());
		}
		finally {
			server.close();
		}
	}

	/**
	 * Counts the settable properties of each group, so that a new property fails here
	 * until a test above pins its default. The types ({@code thread-pool},
	 * {@code memory}), the application class and the worker flag have no library
	 * counterpart: they choose what the library builds.
	 */
	@Test
	void everyPropertyIsPinned() {
		assertSetters(PatioProperties.class, 3);
		assertSetters(PatioProperties.Executor.class, 3);
		assertSetters(PatioProperties.Process.class, 7);
		assertSetters(PatioProperties.Broker.class, 3);
		assertSetters(PatioProperties.Tcp.class, 17);
		assertSetters(PatioProperties.Ssl.class, 2);
	}

	private static void assertSetters(Class<?> type, int pinned) {
		assertThat(setters(type))
			.as("properties of %s: pin the default of a new one above, then count it here", type.getSimpleName())
			.isEqualTo(pinned);
	}

	private static long setters(Class<?> type) {
		return java.util.Arrays.stream(type.getDeclaredMethods())
			.filter((method) -> method.getName().startsWith("set") && method.getParameterCount() == 1)
			.count();
	}

}
