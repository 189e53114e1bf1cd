package io.patio.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import io.patio.broker.MemoryBroker;
import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.executor.process.ProcessPoolOptions;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.RoundTripTasks.Numbers;
import io.patio.serializer.RoundTripTasks.Sample;

/**
 * Random samples of every type in the table of docs/protocol.md make a round trip through
 * every path a call can take: the memory broker, TCP with JSON, TCP with CBOR (server and
 * client on loopback, port 0) and a process pool (a worker JVM behind the memory broker).
 * Each sample crosses twice, as arguments and as the result, and must come back exactly:
 * decimals with their scale, {@code -0.0} as {@code -0.0}, and in memory, CBOR and the
 * pool {@code NaN} and the infinities too. One broker pair per path serves every try of
 * this class.
 */
class WireRoundTripTests {

	private static final long WAIT_SECONDS = 30;

	private static final Deque<AutoCloseable> resources = new ArrayDeque<>();

	private static PatioBroker memory;

	private static PatioBroker json;

	private static PatioBroker cbor;

	private static PatioBroker pool;

	@Provide
	Arbitrary<Sample> anySample() {
		return Samples.samples(false);
	}

	@Provide
	Arbitrary<Sample> finiteSample() {
		return Samples.samples(true);
	}

	@Property(tries = 200)
	void everySampleRoundTripsExactlyInMemory(@ForAll("anySample") Sample sample) throws Exception {
		assertRoundTrip(memory(), sample);
	}

	@Property(tries = 200)
	void everyFiniteSampleRoundTripsExactlyOverTcpWithJson(@ForAll("finiteSample") Sample sample) throws Exception {
		assertRoundTrip(tcp("json"), sample);
	}

	@Property(tries = 200)
	void everySampleRoundTripsExactlyOverTcpWithCbor(@ForAll("anySample") Sample sample) throws Exception {
		assertRoundTrip(tcp("cbor"), sample);
	}

	@Property(tries = 40)
	void everySampleRoundTripsExactlyThroughAProcessPool(@ForAll("anySample") Sample sample) throws Exception {
		assertRoundTrip(pool(), sample);
	}

	private static void assertRoundTrip(PatioBroker broker, Sample sample) throws Exception {
		Sample echoed = broker.call("echo", Sample.class, sample).get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(Exactly.equal(sample, echoed)).as("sent %s%nreceived %s", sample, echoed).isTrue();
		Numbers numbers = sample.numbers();
		Numbers bound = broker
			.call("numbers", Numbers.class, numbers.decimal(), numbers.integer(), numbers.along(), numbers.aDouble(),
					numbers.boxed(), numbers.aFloat(), numbers.doubles(), numbers.doubleArray())
			.get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(Exactly.equal(numbers, bound)).as("sent %s%nreceived %s", numbers, bound).isTrue();
	}

	private static synchronized PatioBroker memory() {
		if (memory == null) {
			ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(new RoundTripTasks.Factory().create(), 2);
			resources.push(() -> executor.shutdown(Duration.ofSeconds(1)));
			memory = open(new MemoryBroker(executor));
		}
		return memory;
	}

	private static synchronized PatioBroker tcp(String serializer) {
		PatioBroker existing = "json".equals(serializer) ? json : cbor;
		if (existing != null) {
			return existing;
		}
		TcpBrokerOptions options = TcpBrokerOptions.builder()
			.serializer(Serializer.forName(serializer))
			.eventLoopThreads(1)
			.build();
		ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(new RoundTripTasks.Factory().create(), 2);
		resources.push(() -> executor.shutdown(Duration.ofSeconds(1)));
		TcpServerBroker server = open(new TcpServerBroker(executor, options, "127.0.0.1:0"));
		InetSocketAddress bound = server.getBoundAddresses().get(0);
		TcpClientBroker client = new TcpClientBroker(new NullPatioExecutor(new Registry()), options,
				"127.0.0.1:" + bound.getPort());
		resources.push(client);
		client.connect();
		if ("json".equals(serializer)) {
			json = client;
		}
		else {
			cbor = client;
		}
		return client;
	}

	private static synchronized PatioBroker pool() {
		if (pool == null) {
			ProcessPoolPatioExecutor executor = new ProcessPoolPatioExecutor(new RoundTripTasks.Factory().create(),
					ProcessPoolOptions.builder()
						.maxWorkers(1)
						.registryFactory(RoundTripTasks.Factory.class)
						.startupTimeout(Duration.ofSeconds(60))
						.build());
			resources.push(() -> executor.shutdown(Duration.ofSeconds(1)));
			pool = open(new MemoryBroker(executor));
		}
		return pool;
	}

	private static <B extends PatioBroker> B open(B broker) {
		resources.push(broker);
		broker.start();
		return broker;
	}

	@AfterContainer
	static synchronized void closeEverything() throws Exception {
		while (!resources.isEmpty()) {
			resources.pop().close();
		}
		memory = null;
		json = null;
		cbor = null;
		pool = null;
	}

}
