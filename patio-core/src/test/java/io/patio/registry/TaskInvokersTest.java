package io.patio.registry;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskInvokersTest {

	@Test
	void aGeneratedInvokerUnboxesEveryPrimitiveAndBoxesTheResult() throws Throwable {
		TaskInvoker invoker = TaskInvokers.of(method(Primitives.class, "all"));
		assertThat(invoker).as("generated, not reflective").isNotInstanceOf(TaskInvokers.ReflectiveInvoker.class);
		assertThat(invoker.getClass().getName()).startsWith(Primitives.class.getName() + "$$PatioInvoker");
		Object result = invoker.invoke(new Primitives(),
				new Object[] { true, (byte) 1, 'c', (short) 2, 3, 4L, 5.5f, 6.25d, "s" });
		assertThat(result).isEqualTo("true/1/c/2/3/4/5.5/6.25/s");
		assertThat(TaskInvokers.of(method(Primitives.class, "twice")).invoke(new Primitives(), new Object[] { 21 }))
			.isEqualTo(42);
	}

	@Test
	void voidStaticPrivateAndInterfaceMethodsAreCalledDirectly() throws Throwable {
		Primitives target = new Primitives();
		TaskInvoker nothing = TaskInvokers.of(method(Primitives.class, "remember"));
		assertThat(nothing.invoke(target, new Object[] { "x" })).isNull();
		assertThat(target.remembered.get()).isEqualTo("x");
		assertThat(TaskInvokers.of(method(Primitives.class, "add")).invoke(null, new Object[] { 2L, 3L }))
			.isEqualTo(5L);
		TaskInvoker secret = TaskInvokers.of(method(Primitives.class, "secret"));
		assertThat(secret).isNotInstanceOf(TaskInvokers.ReflectiveInvoker.class);
		assertThat(secret.invoke(target, new Object[] { 7 })).isEqualTo(-7);
		TaskInvoker greeting = TaskInvokers.of(method(Greeter.class, "greet"));
		assertThat(greeting.invoke((Greeter) (name) -> "hi " + name, new Object[] { "ann" })).isEqualTo("hi ann");
	}

	@Test
	void theCalledMethodIsTheOverridingOneAsWithReflection() throws Throwable {
		TaskInvoker invoker = TaskInvokers.of(method(Primitives.class, "twice"));
		Primitives overriding = new Primitives() {
			@Override
			public int twice(int x) {
				return x * 3;
			}
		};
		assertThat(invoker.invoke(overriding, new Object[] { 2 })).isEqualTo(6);
	}

	@Test
	void theTasksOwnExceptionIsThrownAsItIsNotWrapped() {
		TaskInvoker invoker = TaskInvokers.of(method(Primitives.class, "fail"));
		assertThatThrownBy(() -> invoker.invoke(new Primitives(), new Object[] { "disk full" }))
			.isExactlyInstanceOf(IOException.class)
			.hasMessage("disk full");
	}

	@Test
	void aMethodWhosePackageIsClosedToPatioIsCalledByReflection() throws Throwable {
		TaskInvoker invoker = TaskInvokers.of(List.class.getMethod("size"));
		assertThat(invoker).isInstanceOf(TaskInvokers.ReflectiveInvoker.class);
		assertThat(invoker.invoke(List.of(1, 2, 3), new Object[0])).isEqualTo(3);
		assertThatThrownBy(() -> TaskInvokers.of(Integer.class.getMethod("parseInt", String.class))
			.invoke(null, new Object[] { "x" })).isExactlyInstanceOf(NumberFormatException.class);
	}

	private static Method method(Class<?> type, String name) {
		for (Method method : type.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	static class Primitives {

		final AtomicReference<String> remembered = new AtomicReference<>();

		public String all(boolean z, byte b, char c, short s, int i, long l, float f, double d, String text) {
			return z + "/" + b + "/" + c + "/" + s + "/" + i + "/" + l + "/" + f + "/" + d + "/" + text;
		}

		public int twice(int x) {
			return 2 * x;
		}

		public void remember(String value) {
			this.remembered.set(value);
		}

		static long add(long a, long b) {
			return a + b;
		}

		private int secret(int x) {
			return -x;
		}

		public void fail(String message) throws IOException {
			throw new IOException(message);
		}

	}

	interface Greeter {

		String greet(String name);

	}

}
