package io.patio.autoconfigure;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import io.patio.broker.PatioBroker;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.executor.VirtualThreadPatioExecutor;
import io.patio.registry.PatioTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the virtual-threads executor is chosen, on Java 21 and later. The build runs on
 * Java 17, where these tests are disabled; {@link VirtualThreadsWiringOnJava17Tests} runs
 * them on the JDK 25.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsWiringTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class))
		.withUserConfiguration(ThreadTasksConfiguration.class);

	@Test
	void theTypeSelectsItAndCallsRunOnVirtualThreads() {
		this.runner.withPropertyValues("patio.executor.type=virtual-threads").run((context) -> {
			assertThat(context).hasNotFailed();
			VirtualThreadPatioExecutor executor = context.getBean(VirtualThreadPatioExecutor.class);
			assertThat(executor.getMaxWorkers()).isEqualTo(10_000);
			assertThat(executor.getQueueCapacity()).isEqualTo(10_000);
			assertThat(context.getBean(PatioBroker.class).call("thread", String.class).get(30, TimeUnit.SECONDS))
				.startsWith("virtual patio-virtual-");
		});
	}

	@Test
	void maxWorkersAndQueueCapacityBoundIt() {
		this.runner
			.withPropertyValues("patio.executor.type=VIRTUAL_THREADS", "patio.executor.max-workers=50",
					"patio.executor.queue-capacity=7")
			.run((context) -> {
				VirtualThreadPatioExecutor executor = context.getBean(VirtualThreadPatioExecutor.class);
				assertThat(executor.getMaxWorkers()).isEqualTo(50);
				assertThat(executor.getQueueCapacity()).isEqualTo(7);
			});
	}

	@Test
	void bootsVirtualThreadsSelectItWhenNoTypeIsSet() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(PatioExecutor.class).isInstanceOf(VirtualThreadPatioExecutor.class);
			assertThat(context.getBean(PatioBroker.class).call("thread", String.class).get(30, TimeUnit.SECONDS))
				.startsWith("virtual ");
		});
	}

	@Test
	void aTypeThatIsSetWinsOverBootsVirtualThreads() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true", "patio.executor.type=thread-pool")
			.run((context) -> {
				assertThat(context).getBean(PatioExecutor.class).isInstanceOf(ThreadPoolPatioExecutor.class);
				assertThat(context.getBean(PatioBroker.class).call("thread", String.class).get(30, TimeUnit.SECONDS))
					.startsWith("platform patio-worker-");
			});
	}

	@Test
	void withoutEitherTheThreadPoolStaysTheDefault() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=false")
			.run((context) -> assertThat(context).getBean(PatioExecutor.class)
				.isInstanceOf(ThreadPoolPatioExecutor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadTasksConfiguration {

		@Bean
		ThreadTasks threadTasks() {
			return new ThreadTasks();
		}

	}

	/** A task that tells which thread runs it. */
	public static class ThreadTasks {

		/** "virtual " or "platform ", then the thread's name. */
		@PatioTask("thread")
		public String describe() throws ReflectiveOperationException {
			Thread thread = Thread.currentThread();
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (((Boolean) isVirtual.invoke(thread)) ? "virtual " : "platform ") + thread.getName();
		}

	}

}
