package io.patio.autoconfigure.endpoint;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.patio.actuate.endpoint.PatioEndpoint;
import io.patio.actuate.endpoint.PatioEndpoint.PatioDescriptor;
import io.patio.actuate.endpoint.PatioEndpoint.TaskCallsDescriptor;
import io.patio.autoconfigure.ObservedTasks;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.PatioBroker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PatioEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class, PatioEndpointAutoConfiguration.class))
		.withUserConfiguration(ObservedTasks.ObservedTasksConfiguration.class);

	@Test
	void endpointIsDefinedWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=patio")
			.run((context) -> assertThat(context).hasSingleBean(PatioEndpoint.class));
	}

	@Test
	void endpointBacksOffWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(PatioEndpoint.class));
	}

	@Test
	void endpointBacksOffWhenDisabled() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=patio",
					"management.endpoint.patio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PatioEndpoint.class));
	}

	@Test
	void endpointBacksOffWithoutActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=patio")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PatioEndpoint.class);
			});
	}

	@Test
	void endpointBacksOffWithoutABroker() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PatioEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=patio")
			.run((context) -> assertThat(context).doesNotHaveBean(PatioEndpoint.class));
	}

	@Test
	void endpointDescribesRegistryExecutorAndBroker() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=patio", "patio.project=shop")
			.run((context) -> {
				context.getBean(PatioBroker.class).start();
				PatioDescriptor patio = context.getBean(PatioEndpoint.class).patio();
				assertThat(patio.project()).isEqualTo("shop");
				assertThat(patio.registry().locked()).isTrue();
				assertThat(patio.registry().tasks()).extracting("name", "target")
					.containsExactly(
							org.assertj.core.groups.Tuple.tuple("fail", ObservedTasks.class.getName() + "#fail(int)"),
							org.assertj.core.groups.Tuple.tuple("mul",
									ObservedTasks.class.getName() + "#mul(int, int)"));
				assertThat(patio.executor().type()).isEqualTo("thread-pool");
				assertThat(patio.executor().maxWorkers()).isEqualTo(4);
				assertThat(patio.executor().queueCapacity()).isEqualTo(10_000);
				assertThat(patio.broker().type()).isEqualTo("memory");
				assertThat(patio.broker().running()).isTrue();
				assertThat(patio.broker().details()).isEmpty();
			});
	}

	@Test
	void taskSelectorCountsCallsAndReturnsNullForUnknownTasks() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=patio").run((context) -> {
			PatioBroker broker = context.getBean(PatioBroker.class);
			broker.start();
			broker.call("mul", Integer.class, 6, 7).get(5, TimeUnit.SECONDS);
			broker.call("mul", Integer.class, 2, 3).get(5, TimeUnit.SECONDS);
			broker.call("fail", Integer.class, 1).exceptionally((ex) -> null).get(5, TimeUnit.SECONDS);
			PatioEndpoint endpoint = context.getBean(PatioEndpoint.class);
			// The executor books a call just after completing its future.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> endpoint.patio().executor().failed() == 1 && endpoint.patio().executor().completed() == 2);
			TaskCallsDescriptor mul = endpoint.task("mul");
			assertThat(mul.calls()).isEqualTo(2);
			assertThat(mul.completed()).isEqualTo(2);
			assertThat(mul.failed()).isZero();
			assertThat(endpoint.task("fail").failed()).isEqualTo(1);
			assertThat(endpoint.task("nope")).isNull();
			assertThat(mul.inline()).isFalse();
			assertThat(endpoint.patio().executor().completed()).isEqualTo(2);
			assertThat(endpoint.patio().executor().failed()).isEqualTo(1);
		});
	}

	@Test
	void anInlineTaskIsShownAsInlineAndRunsOnTheCallersThread() {
		this.runner.withUserConfiguration(InlineTaskConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=patio")
			.run((context) -> {
				PatioBroker broker = context.getBean(PatioBroker.class);
				broker.start();
				// in memory, the caller's thread is the one that delivers the call
				assertThat(broker.call("callerThread", String.class))
					.isCompletedWithValue(Thread.currentThread().getName());
				PatioEndpoint endpoint = context.getBean(PatioEndpoint.class);
				assertThat(endpoint.task("callerThread").inline()).isTrue();
				assertThat(endpoint.patio().registry().tasks()).filteredOn((task) -> task.name().equals("callerThread"))
					.singleElement()
					.satisfies((task) -> assertThat(task.inline()).isTrue());
			});
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class InlineTaskConfiguration {

		@org.springframework.context.annotation.Bean
		InlineTask inlineTask() {
			return new InlineTask();
		}

	}

	static class InlineTask {

		@io.patio.registry.PatioTask(value = "callerThread", inline = true)
		public String callerThread() {
			return Thread.currentThread().getName();
		}

	}

}
