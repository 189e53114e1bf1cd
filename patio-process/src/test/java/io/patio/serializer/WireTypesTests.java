package io.patio.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.patio.BadArgumentsException;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import io.patio.serializer.cbor.CborSerializer;
import tools.jackson.databind.JsonNode;

/**
 * The table of docs/protocol.md, value by value: what each serializer carries exactly,
 * and what fails at send with an {@link UnsupportedValueException} naming the type.
 * {@link WireRoundTripTests} checks the same on random values.
 */
class WireTypesTests {

	private ThreadPoolPatioExecutor executor;

	private TcpServerBroker server;

	private TcpClientBroker client;

	@AfterEach
	void close() {
		if (this.client != null) {
			this.client.close();
			this.server.close();
			this.executor.shutdown(Duration.ofSeconds(1));
		}
	}

	private TcpClientBroker connect(String serializer) {
		TcpBrokerOptions options = TcpBrokerOptions.builder()
			.serializer(Serializer.forName(serializer))
			.eventLoopThreads(1)
			.build();
		this.executor = new ThreadPoolPatioExecutor(new RoundTripTasks.Factory().create(), 2);
		this.server = new TcpServerBroker(this.executor, options, "127.0.0.1:0");
		this.server.start();
		this.client = new TcpClientBroker(new NullPatioExecutor(new Registry()), options,
				"127.0.0.1:" + this.server.getBoundAddresses().get(0).getPort());
		this.client.connect();
		return this.client;
	}

	private static <T> T bind(Serializer serializer, Object value, Class<T> type) {
		return WireMapper.json().treeToValue((JsonNode) serializer.decode(serializer.encode(value)), type);
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void decimalsKeepEveryDigitAndTheirScale(String name) {
		Serializer serializer = Serializer.forName(name);
		for (String text : List.of("12345678901234567.89", "9.90", "1E+3", "0.00", "-1.000E-7", "1E+999999999",
				"-123456789012345678901234567890.123456789012345678901234567890")) {
			BigDecimal decimal = new BigDecimal(text);
			assertThat(bind(serializer, decimal, BigDecimal.class)).as(text)
				.isEqualTo(decimal)
				.hasScaleOf(decimal.scale());
		}
	}

	@Test
	void theJsonTextOfADecimalIsItsExactValue() {
		assertThat(new String(JsonSerializer.INSTANCE.encode(new BigDecimal("9.90")))).isEqualTo("9.90");
		assertThat(new String(JsonSerializer.INSTANCE.encode(new BigDecimal("1E+3")))).isEqualTo("1E+3");
		JsonNode node = JsonSerializer.INSTANCE.decode("[9.90, 12345678901234567.89, 1e3]".getBytes());
		assertThat(node.get(0).decimalValue()).isEqualTo(new BigDecimal("9.90"));
		assertThat(node.get(1).decimalValue()).isEqualTo(new BigDecimal("12345678901234567.89"));
		assertThat(node.get(2).decimalValue()).isEqualTo(new BigDecimal("1E+3"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void doublesAndFloatsComeBackAsTheSenderHadThem(String name) {
		Serializer serializer = Serializer.forName(name);
		for (double value : new double[] { -0.0, 0.0, 0.1, 1.0 / 3, 9.9, Double.MIN_VALUE, Double.MIN_NORMAL,
				Double.MAX_VALUE, -Double.MAX_VALUE, 12345678901234567.89, 1e23 }) {
			// boxed, so that equals tells -0.0 from 0.0
			assertThat(bind(serializer, value, Double.class)).as("%s", value).isEqualTo(Double.valueOf(value));
			assertThat(bind(serializer, value, double.class)).as("%s", value).isEqualTo(Double.valueOf(value));
		}
		for (float value : new float[] { -0.0f, 0.1f, Float.MIN_VALUE, Float.MAX_VALUE, 1.0f / 3 }) {
			assertThat(bind(serializer, value, Float.class)).as("%s", value).isEqualTo(Float.valueOf(value));
		}
		assertThat(bind(serializer, -0.0, BigDecimal.class)).isEqualTo(new BigDecimal("0.0"));
	}

	@Test
	void cborCarriesNaNAndTheInfinitiesExactly() {
		for (double value : new double[] { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY }) {
			assertThat(bind(CborSerializer.INSTANCE, value, Double.class)).isEqualTo(Double.valueOf(value));
			assertThat(bind(CborSerializer.INSTANCE, (float) value, Float.class))
				.isEqualTo(Float.valueOf((float) value));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void aRefusedArgumentOfACallIsNamedByWhereItIs(String name) {
		Serializer serializer = Serializer.forName(name);
		CallPayload positional = new CallPayload("t", List.of(1, new WithThread("t", new Thread())), Map.of(), null,
				null);
		assertThatThrownBy(() -> serializer.encodeCall(positional)).isInstanceOf(UnsupportedValueException.class)
			.hasMessageContaining("java.lang.Thread")
			.hasMessageContaining("[\"args\"]")
			.hasMessageContaining("[1]")
			.hasMessageContaining("[\"thread\"]");
		CallPayload keyword = new CallPayload("t", List.of(), Map.of("when", new Date()), null, null);
		assertThatThrownBy(() -> serializer.encodeCall(keyword)).isInstanceOf(UnsupportedValueException.class)
			.hasMessageContaining("java.util.Date")
			.hasMessageContaining("[\"kwargs\"]")
			.hasMessageContaining("[\"when\"]");
	}

	@Test
	void jsonRefusesNaNAndTheInfinitiesWithAClearError() {
		for (Object value : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
				List.of(1.0, Double.NaN), Map.of("x", Double.NEGATIVE_INFINITY), new double[] { 1, Double.NaN })) {
			assertThatThrownBy(() -> JsonSerializer.INSTANCE.encode(value)).as("%s", value)
				.isInstanceOfSatisfying(UnsupportedValueException.class,
						(ex) -> assertThat(ex.getSerializer()).isEqualTo("json"))
				.hasMessageContaining("JSON has no NaN or infinity");
		}
	}

	static class NoProperties {

	}

	record WithThread(String name, Thread thread) {
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void aValueOutsideTheTableFailsWithItsTypeNamed(String name) {
		Serializer serializer = Serializer.forName(name);
		Map<Object, Class<?>> refused = Map.of(new Thread(), Thread.class, new Object(), Object.class,
				new NoProperties(), NoProperties.class, new WithThread("t", new Thread()), Thread.class,
				Map.of(1.5, "x"), Double.class, List.of(new Date()), Date.class, new StringBuilder("x"),
				StringBuilder.class, Map.of(new Object(), 1), Object.class);
		refused.forEach((value, type) -> assertThatThrownBy(() -> serializer.encode(value)).as("%s", value)
			.isInstanceOfSatisfying(UnsupportedValueException.class, (ex) -> {
				assertThat(ex.getType()).isEqualTo(type);
				assertThat(ex.getSerializer()).isEqualTo(name);
			})
			.hasMessageContaining(type.getTypeName()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void mapKeysOfTheTableRoundTrip(String name) {
		Serializer serializer = Serializer.forName(name);
		record Keys(Map<Long, String> byLong, Map<java.util.UUID, Integer> byId,
				Map<java.util.concurrent.TimeUnit, BigInteger> byUnit) {
		}
		Keys keys = new Keys(Map.of(Long.MIN_VALUE, "min", Long.MAX_VALUE, "max"), Map.of(new java.util.UUID(-1, 1), 7),
				Map.of(TimeUnit.SECONDS, BigInteger.TWO.pow(100)));
		assertThat(bind(serializer, keys, Keys.class)).isEqualTo(keys);
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "cbor" })
	void aDecimalStillDoesNotBindToAnInt(String name) throws Exception {
		TcpClientBroker client = connect(name);
		assertThat(client.call("plusOne", Integer.class, 41).get(10, TimeUnit.SECONDS)).isEqualTo(42);
		for (Object decimal : List.of(new BigDecimal("1.0"), new BigDecimal("1E+3"), 1.0, 1.5)) {
			CompletableFuture<Integer> call = client.call("plusOne", Integer.class, decimal);
			assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).as("%s", decimal)
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(BadArgumentsException.class)
				.hasMessageContaining("cannot bind");
		}
	}

	@Test
	void aHugeExponentIsKeptAsItIsAndNeverExpanded() {
		JsonNode node = JsonSerializer.INSTANCE.decode("1e999999999".getBytes());
		assertThat(WireMapper.json().treeToValue(node, BigDecimal.class)).isEqualTo(new BigDecimal("1E+999999999"));
		assertThatThrownBy(() -> WireMapper.json().treeToValue(node, BigInteger.class))
			.isInstanceOf(tools.jackson.core.JacksonException.class);
		assertThatThrownBy(() -> WireMapper.json().treeToValue(node, double.class))
			.isInstanceOf(tools.jackson.core.JacksonException.class);
		assertThat(new String(JsonSerializer.INSTANCE.encode(new BigDecimal("1E+999999999"))))
			.isEqualTo("1E+999999999");
		assertThatThrownBy(() -> JsonSerializer.INSTANCE.decode("1e9999999999".getBytes()))
			.isInstanceOf(SerializationException.class)
			.hasMessageContaining("out of range");
	}

	@Test
	void overTcpAValueOutsideTheTableFailsAtSendAndTheConnectionGoesOn() throws Exception {
		TcpClientBroker client = connect("json");
		CompletableFuture<Object> call = client.call("echo", Object.class, new WithThread("t", new Thread()));
		assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause()
			.isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("java.lang.Thread")
			.cause()
			.isInstanceOf(UnsupportedValueException.class);
		CompletableFuture<Object> nan = client.call("numbers", Object.class, null, null, 0L, Double.NaN, null, 0f, null,
				null);
		assertThatThrownBy(() -> nan.get(10, TimeUnit.SECONDS)).cause()
			.isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("NaN")
			.cause()
			.isInstanceOf(UnsupportedValueException.class);
		assertThat(client.call("plusOne", Integer.class, 1).get(10, TimeUnit.SECONDS)).isEqualTo(2);
		// only the last call reached the worker: the refused ones were never sent (its
		// stats count a call just after answering it)
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.executor.getStats().completed() + this.executor.getStats().failed() > 0);
		assertThat(this.executor.getStats().completed() + this.executor.getStats().failed()).isEqualTo(1);
	}

	@Test
	void aResultOutsideTheTableAnswersTaskFailedNamingTheType() throws Exception {
		TcpClientBroker client = connect("json");
		for (boolean thread : new boolean[] { true, false }) {
			CompletableFuture<Object> call = client.call("refused", Object.class, thread);
			assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause()
				.isInstanceOfSatisfying(io.patio.RemoteTaskException.class,
						(ex) -> assertThat(ex.getCode()).isEqualTo(io.patio.ErrorCode.TASK_FAILED))
				.hasMessageContaining("cannot be serialized")
				.hasMessageContaining(thread ? "java.lang.Thread" : "NaN");
		}
		assertThat(client.call("plusOne", Integer.class, 1).get(10, TimeUnit.SECONDS)).isEqualTo(2);
	}

	@Test
	void memoryStillCarriesValuesOutsideTheTable() throws Exception {
		ThreadPoolPatioExecutor memoryExecutor = new ThreadPoolPatioExecutor(new RoundTripTasks.Factory().create(), 1);
		try (io.patio.broker.MemoryBroker memory = new io.patio.broker.MemoryBroker(memoryExecutor)) {
			memory.start();
			Date date = new Date(1234567890123L);
			// Optional<Date> is converted to the parameter's type in memory: never
			// refused
			assertThat(memory.call("dateOf", Date.class, Optional.of(date)).get(10, TimeUnit.SECONDS)).isEqualTo(date);
			assertThat(memory.call("refused", Object.class, false).get(10, TimeUnit.SECONDS)).isEqualTo(Double.NaN);
		}
		finally {
			memoryExecutor.shutdown(Duration.ofSeconds(1));
		}
	}

}
