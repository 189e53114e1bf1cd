package io.patio.registry;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import io.patio.MathTasks;
import io.patio.RegistryLockedException;
import io.patio.UnknownTaskException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryTest {

	private final MathTasks tasks = new MathTasks();

	@Test
	void registersUnderAnExplicitNameAsGivenEvenWithAProject() {
		Registry registry = new Registry("example");
		registry.register("mul", this.tasks, "mul");
		assertThat(registry.asMap()).containsOnlyKeys("mul");
		assertThat(registry.resolve("mul").getTarget()).isSameAs(this.tasks);
	}

	@Test
	void testsResultsForAStageOnlyWhenTheDeclaredTypeCouldBeOne() {
		assertThat(TaskDefinition.mayHoldStage(int.class)).isFalse();
		assertThat(TaskDefinition.mayHoldStage(void.class)).isFalse();
		assertThat(TaskDefinition.mayHoldStage(Integer.class)).isFalse();
		assertThat(TaskDefinition.mayHoldStage(String.class)).isFalse();
		assertThat(TaskDefinition.mayHoldStage(int[].class)).isFalse();
		assertThat(TaskDefinition.mayHoldStage(Pair.class)).isFalse();
		assertThat(TaskDefinition.mayHoldStage(CompletionStage.class)).isTrue();
		assertThat(TaskDefinition.mayHoldStage(java.util.concurrent.CompletableFuture.class)).isTrue();
		assertThat(TaskDefinition.mayHoldStage(Object.class)).isTrue();
		assertThat(TaskDefinition.mayHoldStage(Number.class)).isTrue();
		assertThat(TaskDefinition.mayHoldStage(java.util.concurrent.Future.class)).isTrue();
		Registry registry = new Registry();
		assertThat(registry.register("mul", this.tasks, "mul").mayReturnStage()).isFalse();
		assertThat(registry.register("asyncSquare", this.tasks, "asyncSquare").mayReturnStage()).isTrue();
	}

	record Pair(int left, int right) {
	}

	@Test
	void generatesProjectClassAndMethodNames() {
		Registry registry = new Registry("example");
		TaskDefinition task = registry.register(null, this.tasks, "pow");
		assertThat(task.getName()).isEqualTo("example.io.patio.MathTasks.pow");
		assertThat(new Registry().register(this.tasks, method("pow")).getName()).isEqualTo("io.patio.MathTasks.pow");
	}

	@Test
	void strictNamesEndWithAStableDigestOfTheMethodsBytecode() {
		Registry strict = Registry.builder().project("p").strict(true).build();
		String pow = strict.generatedName(method("pow"));
		assertThat(pow).matches("p\\.io\\.patio\\.MathTasks\\.pow\\.[0-9a-f]{16}");
		assertThat(strict.generatedName(method("pow"))).isEqualTo(pow);
		String widen = strict.generatedName(method("widen"));
		assertThat(widen.substring(widen.lastIndexOf('.'))).isNotEqualTo(pow.substring(pow.lastIndexOf('.')));
	}

	@Test
	void overloadsNeedExplicitNames() throws Exception {
		Registry registry = new Registry();
		Method one = MathTasks.class.getMethod("overloaded", int.class);
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register(this.tasks, one))
			.withMessageContaining("overloaded")
			.withMessageContaining("explicit task name");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register("o", this.tasks, "overloaded"))
			.withMessageContaining("overloaded");
		registry.register("one", this.tasks, one);
		registry.register("two", this.tasks, MathTasks.class.getMethod("overloaded", int.class, int.class));
		assertThat(registry.asMap()).containsOnlyKeys("one", "two");
	}

	@Test
	void withoutAutoNamingANameIsRequired() {
		Registry registry = Registry.builder().autoNaming(false).build();
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register(this.tasks, method("pow")))
			.withMessageContaining("Auto-naming is off")
			.withMessageContaining("MathTasks#pow(int, int)");
		assertThat(registry.register("pow", this.tasks, method("pow")).getName()).isEqualTo("pow");
	}

	@Test
	void aDuplicateNameIsAnErrorButOneFunctionMayHaveSeveralNames() {
		Registry registry = new Registry();
		registry.register("p", this.tasks, "pow");
		registry.register("power", this.tasks, "pow");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register("p", this.tasks, "mul"))
			.withMessageContaining("Duplicate task name 'p'")
			.withMessageContaining("MathTasks#pow(int, int)");
		assertThat(registry.asMap()).containsOnlyKeys("p", "power");
	}

	@Test
	void theMapViewIsReadOnly() {
		Registry registry = new Registry();
		registry.register("p", this.tasks, "pow");
		assertThatThrownBy(() -> registry.asMap().remove("p")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> registry.asMap().clear()).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void resolvesByNameWithATypedErrorForUnknownNames() {
		Registry registry = new Registry("example");
		registry.register("p", this.tasks, "pow");
		assertThat(registry.find("p")).isPresent();
		assertThat(registry.find("nope")).isEmpty();
		assertThatThrownBy(() -> registry.resolve("nope")).isInstanceOf(UnknownTaskException.class)
			.hasMessageContaining("Unknown task 'nope' in project 'example'")
			.hasMessageContaining("[p]")
			.extracting("task")
			.isEqualTo("nope");
	}

	@Test
	void resolvesAMethodReferenceWithoutAnInstance() {
		Registry registry = new Registry("example");
		registry.register(this.tasks, method("pow"));
		TaskReference.Of2<MathTasks, Integer, Integer, Integer> pow = MathTasks::pow;
		assertThat(registry.nameOf(pow)).isEqualTo("example.io.patio.MathTasks.pow");
		assertThat(registry.resolve(pow).getMethod()).isEqualTo(method("pow"));
		TaskReference.Of1<MathTasks, Integer, CompletionStage<Integer>> square = MathTasks::asyncSquare;
		assertThat(registry.nameOf(square)).isEqualTo("example.io.patio.MathTasks.asyncSquare");
	}

	@Test
	void aMethodReferenceFindsTheExplicitNameItIsRegisteredUnder() {
		Registry registry = Registry.builder().autoNaming(false).build();
		registry.register("mul", this.tasks, method("mul"));
		registry.register("power", this.tasks, method("pow"));
		TaskReference.Of1<MathTasks, int[], Integer> mul = MathTasks::mul;
		TaskReference.Of2<MathTasks, Integer, Integer, Integer> pow = MathTasks::pow;
		assertThat(registry.nameOf(mul)).isEqualTo("mul");
		assertThat(registry.nameOf(pow)).isEqualTo("power");
		registry.register("power2", this.tasks, method("pow"));
		assertThatIllegalArgumentException().isThrownBy(() -> registry.nameOf(pow))
			.withMessageContaining("several names [power, power2]");
	}

	@Test
	void lambdasAndBoundReferencesAreNotTaskReferences() {
		Registry registry = new Registry();
		TaskReference.Of1<MathTasks, Integer, Integer> lambda = (t, x) -> x;
		assertThatIllegalArgumentException().isThrownBy(() -> registry.nameOf(lambda)).withMessageContaining("lambda");
		MathTasks bean = this.tasks;
		TaskReference.Of1<Integer, Integer, Integer> bound = bean::pow;
		assertThatIllegalArgumentException().isThrownBy(() -> registry.nameOf(bound))
			.withMessageContaining("io.patio.MathTasks::pow");
	}

	@Test
	void registersAnnotatedMethods() {
		Registry registry = new Registry("example");
		registry.registerAnnotated(this.tasks);
		assertThat(registry.asMap()).containsOnlyKeys("mul", "example.io.patio.MathTasks.pow");
	}

	@Test
	void staticMethodsNeedNoTargetAndInstanceMethodsDo() throws Throwable {
		Registry registry = new Registry();
		registry.register("twice", null, MathTasks.class.getMethod("staticTwice", int.class));
		assertThat(registry.resolve("twice").invoke(new Object[] { 21 })).isEqualTo(42);
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register("p", null, method("pow")))
			.withMessageContaining("needs a target");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register("p", "not a MathTasks", method("pow")))
			.withMessageContaining("has no method");
	}

	@Test
	void lockingStopsRegistration() {
		Registry registry = new Registry();
		registry.register("p", this.tasks, "pow");
		assertThat(registry.isLocked()).isFalse();
		registry.lock();
		assertThat(registry.isLocked()).isTrue();
		assertThatThrownBy(() -> registry.register("m", this.tasks, "mul")).isInstanceOf(RegistryLockedException.class)
			.hasMessageContaining("task 'm'")
			.hasMessageContaining("before the first broker starts");
		assertThat(registry.asMap()).containsOnlyKeys("p");
	}

	private static Method method(String name) {
		for (Method method : MathTasks.class.getMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

}
