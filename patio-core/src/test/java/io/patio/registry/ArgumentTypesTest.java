package io.patio.registry;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patio.client.Kwarg;
import io.patio.serializer.ArgumentTypes;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which positional arguments a registry lets a serializer bind as it reads a call
 * ({@link Registry#argumentTypes()}): a record or bean of the application's, at a place
 * bound only by position; nothing else.
 */
class ArgumentTypesTest {

	public record Point(int x, int y) {
	}

	public record Box<T>(T value) {
	}

	public abstract static class Shape {

	}

	public static class Tasks {

		public int point(Point point, int n) {
			return n;
		}

		public int plain(String text, int n, Integer boxed, java.math.BigDecimal amount) {
			return n;
		}

		public int containers(Map<String, Object> map, List<Point> list, Point[] array) {
			return 0;
		}

		public int loose(Object any, JsonNode tree, Box<String> box, Shape shape, Runnable action) {
			return 0;
		}

		public int varargs(Point first, Point... rest) {
			return 0;
		}

		public int keyword(Point point, @Kwarg("k") int k) {
			return k;
		}

	}

	private final Registry registry = new Registry();

	ArgumentTypesTest() {
		for (String task : new String[] { "point", "plain", "containers", "loose", "varargs", "keyword" }) {
			this.registry.register(task, new Tasks(), task);
		}
	}

	@Test
	void aRecordAtAPositionalPlaceIsBoundAsTheCallIsRead() {
		ArgumentTypes types = this.registry.argumentTypes();
		assertThat(types.positional("point", 0).getRawClass()).isEqualTo(Point.class);
		assertThat(types.positional("varargs", 0).getRawClass()).isEqualTo(Point.class);
		assertThat(types.bindsAny("point")).isTrue();
		assertThat(types.bindsAny("varargs")).isTrue();
	}

	@Test
	void aTaskWithNothingToBindSaysSo() {
		ArgumentTypes types = this.registry.argumentTypes();
		for (String task : new String[] { "plain", "containers", "loose", "keyword", "nobody" }) {
			assertThat(types.bindsAny(task)).as(task).isFalse();
		}
		assertThat(ArgumentTypes.NONE.bindsAny("point")).isFalse();
	}

	@Test
	void anythingElseStaysInTheNeutralForm() {
		ArgumentTypes types = this.registry.argumentTypes();
		assertThat(types.positional("point", 1)).as("an int").isNull();
		assertThat(types.positional("point", 2)).as("past the parameters").isNull();
		for (int i = 0; i < 4; i++) {
			assertThat(types.positional("plain", i)).as("plain values").isNull();
		}
		for (int i = 0; i < 3; i++) {
			assertThat(types.positional("containers", i)).as("containers").isNull();
		}
		for (int i = 0; i < 5; i++) {
			assertThat(types.positional("loose", i)).as("Object, a tree, a generic, an abstract class, an interface")
				.isNull();
		}
		assertThat(types.positional("varargs", 1)).as("varargs").isNull();
		assertThat(types.positional("keyword", 0)).as("a task with keyword parameters").isNull();
		assertThat(types.positional("nobody", 0)).as("an unknown task").isNull();
	}

	@Test
	void tasksRegisteredLaterAreIncluded() {
		ArgumentTypes types = new Registry().argumentTypes();
		Registry registry = new Registry();
		ArgumentTypes later = registry.argumentTypes();
		registry.register("point", new Tasks(), "point");
		assertThat(later.positional("point", 0).getRawClass()).isEqualTo(Point.class);
		assertThat(types.positional("point", 0)).isNull();
	}

}
