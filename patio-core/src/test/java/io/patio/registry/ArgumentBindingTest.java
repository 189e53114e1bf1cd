package io.patio.registry;

import java.util.List;
import java.util.Map;

import io.patio.BadArgumentsException;
import io.patio.MathTasks;
import io.patio.MathTasks.Color;
import io.patio.MathTasks.Point;
import io.patio.serializer.WireMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentBindingTest {

	private final MathTasks tasks = new MathTasks();

	private final Registry registry = new Registry();

	private TaskDefinition task(String method) {
		return this.registry.find(method).orElseGet(() -> this.registry.register(method, this.tasks, method));
	}

	private static Object[] json(String array) {
		JsonNode node = WireMapper.json().readTree(array);
		Object[] args = new Object[node.size()];
		for (int i = 0; i < args.length; i++) {
			args[i] = node.get(i);
		}
		return args;
	}

	private static Object call(TaskDefinition task, Object[] args, Map<String, ?> kwargs) throws Throwable {
		return task.invoke(task.bind(args, kwargs));
	}

	@Test
	void varargsTakeTheRemainingArgumentsSpreadOut() throws Throwable {
		TaskDefinition mul = task("mul");
		assertThat(call(mul, new Object[] { 1, 2, 3 }, null)).isEqualTo(6);
		assertThat(call(mul, json("[1, 2, 3, 4]"), null)).isEqualTo(24);
		assertThat(call(mul, new Object[0], null)).isEqualTo(1);
		assertThat(call(mul, new Object[] { new int[] { 2, 5 } }, null)).isEqualTo(10);
	}

	@Test
	void argumentsOfTheRightTypePassThroughUnconverted() {
		TaskDefinition scale = task("scale");
		Point point = new Point(1, 2);
		Object[] bound = scale.bind(new Object[] { point, 3 }, null);
		assertThat(bound[0]).isSameAs(point);
		List<Integer> numbers = List.of(1, 2);
		assertThat(task("concat").bind(new Object[] { "n", numbers }, null)[1]).isSameAs(numbers);
	}

	@Test
	void bindsRecordsListsMapsEnumsAndGenericsFromJson() throws Throwable {
		assertThat(call(task("scale"), json("[{\"x\": 1, \"y\": 2, \"extra\": true}, 3]"), null))
			.isEqualTo(new Point(3, 6));
		assertThat(call(task("concat"), json("[\"n\", [1, 2, 3]]"), null)).isEqualTo("n123");
		assertThat(call(task("sumValues"), json("[{\"a\": [1, 2], \"b\": [3]}]"), null)).isEqualTo(6);
		assertThat(call(task("paint"), json("[\"RED\", true]"), null)).isEqualTo("bright RED");
		assertThat(call(task("widen"), json("[5]"), null)).isEqualTo(5L);
	}

	/**
	 * A package-private record whose compact constructor refuses some values, as an
	 * application's may: bound through its constructor, its refusal a bad argument.
	 */
	record Amount(String currency, long cents) {
		Amount {
			if (cents < 0) {
				throw new IllegalArgumentException("cents must not be negative, got " + cents);
			}
		}
	}

	public static class Ledger {

		public String credit(Amount amount) {
			return amount.cents() + " " + amount.currency();
		}

	}

	@Test
	void aRecordIsBuiltByItsOwnConstructorAndItsRefusalIsABadArgument() throws Throwable {
		TaskDefinition credit = this.registry.register("credit", new Ledger(), "credit");
		assertThat(call(credit, json("[{\"currency\": \"EUR\", \"cents\": 250}]"), null)).isEqualTo("250 EUR");
		assertThatThrownBy(() -> credit.bind(json("[{\"currency\": \"EUR\", \"cents\": -1}]"), null))
			.isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("credit")
			.hasMessageContaining("cents must not be negative, got -1");
	}

	@Test
	void convertsJavaValuesWhoseTypesDiffer() throws Throwable {
		assertThat(call(task("widen"), new Object[] { 7 }, null)).isEqualTo(7L);
		assertThat(call(task("scale"), new Object[] { Map.of("x", 2, "y", 3), 2 }, null)).isEqualTo(new Point(4, 6));
		// A list whose elements are not the declared element type is converted, not
		// passed through.
		assertThat(call(task("concat"), new Object[] { "n", List.of(1L, 2L) }, null)).isEqualTo("n12");
	}

	@Test
	void keywordArgumentsBindByParameterName() throws Throwable {
		assertThat(call(task("pow"), null, Map.of("base", 2, "exponent", 10))).isEqualTo(1024);
		assertThat(call(task("pow"), new Object[] { 3 }, Map.of("exponent", 2))).isEqualTo(9);
		assertThat(call(task("pow"), json("[]"), Map.of("exponent", WireMapper.json().readTree("3"), "base", 2)))
			.isEqualTo(8);
	}

	@Test
	void anUnknownKeywordIsABadArgument() {
		assertThatThrownBy(() -> task("pow").bind(new Object[] { 2 }, Map.of("exp", 3)))
			.isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("no parameter named 'exp'");
	}

	@Test
	void aParameterGivenTwiceIsABadArgument() {
		assertThatThrownBy(() -> task("pow").bind(new Object[] { 2, 3 }, Map.of("base", 3)))
			.isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("more than one value for parameter 'base'");
	}

	@Test
	void missingAndSurplusArgumentsAreBadArguments() {
		assertThatThrownBy(() -> task("pow").bind(new Object[] { 2 }, null)).isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("missing argument 'exponent'");
		assertThatThrownBy(() -> task("pow").bind(new Object[] { 1, 2, 3 }, null))
			.isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("takes 2 arguments but got 3");
	}

	@Test
	void noStringToNumberCoercion() {
		assertThatThrownBy(() -> task("pow").bind(json("[\"2\", 3]"), null)).isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("parameter 'base' of type int");
		assertThatThrownBy(() -> task("pow").bind(new Object[] { "2", 3 }, null))
			.isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("java.lang.String");
		assertThatThrownBy(() -> task("mul").bind(json("[1, \"2\"]"), null)).isInstanceOf(BadArgumentsException.class);
	}

	@Test
	void noTruncationOfFractionsToIntegers() {
		assertThatThrownBy(() -> task("pow").bind(json("[1.5, 3]"), null)).isInstanceOf(BadArgumentsException.class);
		assertThatThrownBy(() -> task("pow").bind(new Object[] { 1.5, 3 }, null))
			.isInstanceOf(BadArgumentsException.class);
		assertThatThrownBy(() -> task("mul").bind(json("[2, 2.5]"), null)).isInstanceOf(BadArgumentsException.class);
	}

	@Test
	void noNumberToStringOrBooleanCoercion() {
		assertThatThrownBy(() -> task("concat").bind(json("[5, []]"), null)).isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("parameter 'prefix'");
		assertThatThrownBy(() -> task("paint").bind(json("[\"RED\", 1]"), null))
			.isInstanceOf(BadArgumentsException.class);
		assertThatThrownBy(() -> task("paint").bind(json("[0, true]"), null)).isInstanceOf(BadArgumentsException.class);
	}

	@Test
	void nullForAPrimitiveIsAnError() {
		assertThatThrownBy(() -> task("pow").bind(new Object[] { null, 3 }, null))
			.isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("null for parameter 'base' of primitive type int");
		assertThatThrownBy(() -> task("pow").bind(json("[2, null]"), null)).isInstanceOf(BadArgumentsException.class)
			.hasMessageContaining("'exponent'");
	}

	@Test
	void aJsonTreeForAnObjectParameterBecomesPlainJava() {
		Registry registry = new Registry();
		TaskDefinition echo = registry.register("echo", new Echo(), "echo");
		Object[] bound = echo.bind(json("[{\"a\": [1, 2]}]"), null);
		assertThat(bound[0]).isEqualTo(Map.of("a", List.of(1, 2)));
	}

	public static class Echo {

		public Object echo(Object value) {
			return value;
		}

	}

	@Test
	void nullForAnObjectIsPassedAsNull() throws Throwable {
		assertThat(task("scale").bind(json("[null, 2]"), null)[0]).isNull();
	}

	@Test
	void errorsNameTheTask() {
		assertThatThrownBy(() -> task("pow").bind(json("[\"x\", 1]"), null)).isInstanceOf(BadArgumentsException.class)
			.hasMessageStartingWith("Task 'pow'")
			.extracting("task")
			.isEqualTo("pow");
	}

}
