package io.patio.broker.client;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import io.patio.BadArgumentsException;
import io.patio.broker.MemoryBroker;
import io.patio.broker.client.Shapes.Point;
import io.patio.call.Call;
import io.patio.client.Header;
import io.patio.client.PatioClient;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.PatioTask;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The naming rules of contracts, the same on both sides by construction, and the checks
 * that a client makes when it is created.
 */
class PatioClientContractTests {

	@Test
	void aWorkerRegistersTheContractsNamesFromTheInterfaceNotTheClass() {
		Registry worker = new Registry("example");
		worker.registerAnnotated(new ShapesWorker());
		assertThat(worker.asMap()).containsKeys("shapes.mul", "example.io.patio.broker.client.Shapes.scale",
				"example.io.patio.broker.client.Shapes.slowSquare");
		assertThat(worker.asMap().keySet()).noneMatch((name) -> name.contains("ShapesWorker"))
			.noneMatch((name) -> name.contains("mulTwice"));
		Registry caller = new Registry("example");
		assertThat(PatioClients.taskNames(caller, Shapes.class).values())
			.containsExactlyInAnyOrderElementsOf(worker.asMap().keySet());
	}

	@Test
	void strictNamesDigestTheInterfacesSignatureOnBothSides() {
		Registry worker = Registry.builder().project("example").strict(true).build();
		worker.registerAnnotated(new ShapesWorker());
		Map<Method, String> names = PatioClients.taskNames(Registry.builder().project("example").strict(true).build(),
				Shapes.class);
		assertThat(names.values()).containsExactlyInAnyOrderElementsOf(worker.asMap().keySet());
		assertThat(names.values()).filteredOn((name) -> name.contains(".scale."))
			.singleElement()
			.asString()
			.matches("example\\.io\\.patio\\.broker\\.client\\.Shapes\\.scale\\.[0-9a-f]{16}");
		assertThat(names.values()).contains("shapes.mul"); // explicit names stay as given
	}

	@Test
	void aContractsOwnProjectPrefixesItsGeneratedNames() {
		Registry worker = new Registry("example");
		worker.registerAnnotated(new BillingWorker());
		assertThat(worker.asMap())
			.containsOnlyKeys("billing.io.patio.broker.client.PatioClientContractTests$Billing.total");
		assertThat(PatioClients.taskNames(new Registry("other"), Billing.class).values())
			.containsExactly("billing.io.patio.broker.client.PatioClientContractTests$Billing.total");
	}

	@Test
	void registerAnnotatedSeesInterfaceAnnotationsAsSpringDoes() {
		Registry registry = new Registry();
		registry.registerAnnotated(new Annotated());
		// not a contract: generated names stay those of the implementing class
		assertThat(registry.asMap()).containsOnlyKeys("io.patio.broker.client.PatioClientContractTests$Annotated.plain",
				"meta", "direct");
	}

	@Test
	void anImplementationsOwnOtherNameAddsASecondName() {
		Registry registry = new Registry();
		registry.registerAnnotated(new BillingWorkerWithAlias());
		assertThat(registry.asMap())
			.containsOnlyKeys("billing.io.patio.broker.client.PatioClientContractTests$Billing.total", "legacy-total");
	}

	@Test
	void aMethodReferenceToTheImplementationCallsTheContractsTask() {
		Registry registry = new Registry("example");
		registry.registerAnnotated(new ShapesWorker());
		try (ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 2);
				MemoryBroker broker = new MemoryBroker(executor)) {
			broker.start();
			assertThat(broker.call(ShapesWorker::scale, new Point(1, 1), 5).join()).isEqualTo(new Point(5, 5));
		}
	}

	@Test
	void aKwargParameterIsKeywordOnlyOnTheWorker() {
		Registry registry = new Registry();
		registry.registerAnnotated(new ShapesWorker());
		try (ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 2);
				MemoryBroker broker = new MemoryBroker(executor)) {
			broker.start();
			String greet = "io.patio.broker.client.Shapes.greet";
			assertThat(broker.call(Call.of(greet, String.class).args("Ada").kwarg("greeting", "Hi")).join())
				.isEqualTo("Hi, Ada");
			assertThat(broker.call(Call.of(greet, String.class).kwarg("name", "Ada").kwarg("greeting", "Hi")).join())
				.isEqualTo("Hi, Ada");
			assertThat(broker.call(greet, String.class, "Ada", "Hi")).failsWithin(java.time.Duration.ofSeconds(30))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(BadArgumentsException.class)
				.withMessageContaining("at most 1 positional");
		}
	}

	@Test
	void aClientNeedsAnAnnotatedInterface() {
		Registry registry = new Registry();
		assertThatThrownBy(() -> PatioClients.taskNames(registry, NotAContract.class))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("annotate it with @io.patio.client.PatioClient");
	}

	@Test
	void methodsThatCannotBeTasksFailNamingEachMethod() {
		Registry registry = new Registry();
		assertThatThrownBy(() -> PatioClients.taskNames(registry, Broken.class))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("5 method(s) cannot be tasks")
			.hasMessageContaining("Broken#over: Method 'over'")
			.hasMessageContaining("overloaded")
			.hasMessageContaining("Broken#later: returns java.util.concurrent.Future")
			.hasMessageContaining("Broken#any: returns T")
			.hasMessageContaining("Broken#header: parameter 1")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("Broken#named"));
	}

	@PatioClient(project = "billing")
	interface Billing {

		long total(List<Long> amounts);

	}

	static class BillingWorker implements Billing {

		@Override
		public long total(List<Long> amounts) {
			return amounts.stream().mapToLong(Long::longValue).sum();
		}

	}

	static class BillingWorkerWithAlias extends BillingWorker {

		@Override
		@PatioTask("legacy-total")
		public long total(List<Long> amounts) {
			return super.total(amounts);
		}

	}

	interface NotAContract {

		int one();

	}

	interface Tasks {

		@PatioTask
		int plain();

		@MetaTask
		int meta();

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@PatioTask("meta")
	@interface MetaTask {

	}

	static class Annotated implements Tasks {

		@Override
		public int plain() {
			return 1;
		}

		@Override
		public int meta() {
			return 2;
		}

		@PatioTask("direct")
		public int direct() {
			return 3;
		}

	}

	@PatioClient
	interface Broken {

		int over(int x);

		int over(String x);

		@PatioTask("named-a")
		int named(int x);

		@PatioTask("named-b")
		int named(String x);

		Future<Integer> later();

		<T> T any();

		String header(@Header("h") int notAString);

	}

}
