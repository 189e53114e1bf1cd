package io.patio.serializer.pickle;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.patio.BadArgumentsException;
import io.patio.ResultConversionException;
import io.patio.broker.ResultConverter;
import io.patio.registry.Registry;
import io.patio.registry.TaskDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Values read from pickles bind to a task's parameters, and convert to a caller's result
 * type, through the same strict rules as JSON trees: no coercion, no overflow.
 */
class PickleBindingTests {

	record Point(int x, int y) {
	}

	record Event(String name, LocalDate day, byte[] blob) {
	}

	public static class Tasks {

		public long twice(long value) {
			return value * 2;
		}

		public int inc(int value) {
			return value + 1;
		}

		public String echo(String text) {
			return text;
		}

		public boolean not(boolean value) {
			return !value;
		}

		public int sum(Point point) {
			return point.x() + point.y();
		}

		public String describe(Event event) {
			return event.name() + "@" + event.day() + "/" + event.blob().length;
		}

		public long total(List<Long> values) {
			return values.stream().mapToLong(Long::longValue).sum();
		}

		public String stamp(LocalDateTime at, byte[] bytes) {
			return at + "/" + bytes.length;
		}

	}

	private final Registry registry = new Registry();

	private final Tasks tasks = new Tasks();

	private Object call(String task, Object... args) throws Throwable {
		TaskDefinition definition = this.registry.find(task)
			.orElseGet(() -> this.registry.register(task, this.tasks, task));
		return definition.invoke(definition.bind(args, Map.of()));
	}

	/** One value through a pickle and back, as a Python peer would send it. */
	private static Object fromPickle(Object value) {
		return PickleReaderTests.read(PickleWriter.write(value));
	}

	@Test
	void pythonIntsBindWhereTheyFitAndNowhereElse() throws Throwable {
		assertThat(call("twice", fromPickle(21))).isEqualTo(42L);
		assertThat(call("twice", fromPickle(1L << 40))).isEqualTo(1L << 41);
		assertThatExceptionOfType(BadArgumentsException.class)
			.isThrownBy(() -> call("twice", fromPickle(BigInteger.TWO.pow(70))))
			.withMessageContaining("twice");
		assertThatExceptionOfType(BadArgumentsException.class).isThrownBy(() -> call("inc", fromPickle(1L << 40)));
	}

	@Test
	void noCoercionBetweenStrNumbersAndBools() {
		assertThatExceptionOfType(BadArgumentsException.class).isThrownBy(() -> call("inc", fromPickle("5")));
		assertThatExceptionOfType(BadArgumentsException.class).isThrownBy(() -> call("inc", fromPickle(1.5)));
		assertThatExceptionOfType(BadArgumentsException.class).isThrownBy(() -> call("inc", fromPickle(true)));
		assertThatExceptionOfType(BadArgumentsException.class).isThrownBy(() -> call("echo", fromPickle(5)));
		assertThatExceptionOfType(BadArgumentsException.class).isThrownBy(() -> call("not", fromPickle(1)));
		assertThatExceptionOfType(BadArgumentsException.class).isThrownBy(() -> call("inc", (Object) null));
	}

	@Test
	void objectsAndDictsBindToRecords() throws Throwable {
		// a Python dataclass Point(x=1, y=2), as the contract's golden frame
		assertThat(call("sum", PickleReaderTests.read(Golden.POINT))).isEqualTo(3);
		assertThat(call("sum", fromPickle(Map.of("x", 4, "y", 5)))).isEqualTo(9);
		Object event = fromPickle(Map.of("name", "launch", "day", LocalDate.of(2026, 11, 29), "blob", new byte[3]));
		assertThat(call("describe", event)).isEqualTo("launch@2026-11-29/3");
		assertThatExceptionOfType(BadArgumentsException.class)
			.isThrownBy(() -> call("sum", fromPickle(Map.of("x", "1", "y", 2))));
	}

	@Test
	void tuplesBindToListsAndValuesOfTheTableToTheirTypes() throws Throwable {
		assertThat(call("total", PickleReaderTests.read("8004" + "4b014b0286" + "2e"))).isEqualTo(3L);
		assertThat(call("stamp", fromPickle(LocalDateTime.of(2026, 1, 2, 3, 4)), fromPickle(new byte[] { 1, 2 })))
			.isEqualTo("2026-01-02T03:04/2");
	}

	@Test
	void resultsConvertStrictlyToo() {
		assertThat(ResultConverter.of(long.class).convert("t", fromPickle(7))).isEqualTo(7L);
		assertThatExceptionOfType(ResultConversionException.class)
			.isThrownBy(() -> ResultConverter.of(long.class).convert("t", fromPickle(BigInteger.TWO.pow(70))));
		assertThatExceptionOfType(ResultConversionException.class)
			.isThrownBy(() -> ResultConverter.of(int.class).convert("t", fromPickle("7")));
		assertThat(ResultConverter.of(Point.class).convert("t", PickleReaderTests.read(Golden.POINT)))
			.isEqualTo(new Point(1, 2));
	}

}
