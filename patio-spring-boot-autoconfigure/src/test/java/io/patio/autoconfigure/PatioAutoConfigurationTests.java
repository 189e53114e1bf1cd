package io.patio.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.patio.RegistryLockedException;
import io.patio.broker.MemoryBroker;
import io.patio.broker.PatioBroker;
import io.patio.executor.AsyncPatioExecutor;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.PatioTask;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatioAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class));

	@Test
	void definesRegistryThreadPoolExecutorMemoryBrokerAndLifecycleByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Registry.class);
			assertThat(context).getBean(PatioExecutor.class).isInstanceOf(ThreadPoolPatioExecutor.class);
			assertThat(context).getBean(PatioBroker.class).isInstanceOf(MemoryBroker.class);
			assertThat(context).hasSingleBean(PatioBrokerLifecycle.class);
			assertThat(context).hasSingleBean(PatioTaskAnnotationBeanPostProcessor.class);
			ThreadPoolPatioExecutor executor = context.getBean(ThreadPoolPatioExecutor.class);
			assertThat(executor.getMaxWorkers()).isEqualTo(4);
			assertThat(executor.getQueueCapacity()).isEqualTo(10_000);
			assertThat(((MemoryBroker) context.getBean(PatioBroker.class)).getDefaultTimeout())
				.isEqualTo(Duration.ofSeconds(30));
			assertThat(context.getBean(PatioBrokerLifecycle.class).getShutdownGrace())
				.isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void registryFollowsNamingProperties() {
		this.runner.withPropertyValues("patio.project=shop", "patio.auto-naming=false", "patio.strict=true")
			.run((context) -> {
				Registry registry = context.getBean(Registry.class);
				assertThat(registry.getProject()).isEqualTo("shop");
				assertThat(registry.isAutoNaming()).isFalse();
				assertThat(registry.isStrict()).isTrue();
			});
	}

	@Test
	void executorAndBrokerFollowSizingProperties() {
		this.runner
			.withPropertyValues("patio.executor.max-workers=2", "patio.executor.queue-capacity=7",
					"patio.broker.timeout=5s", "spring.lifecycle.timeout-per-shutdown-phase=3s")
			.run((context) -> {
				ThreadPoolPatioExecutor executor = context.getBean(ThreadPoolPatioExecutor.class);
				assertThat(executor.getMaxWorkers()).isEqualTo(2);
				assertThat(executor.getQueueCapacity()).isEqualTo(7);
				assertThat(((MemoryBroker) context.getBean(PatioBroker.class)).getDefaultTimeout())
					.isEqualTo(Duration.ofSeconds(5));
				assertThat(context.getBean(PatioBrokerLifecycle.class).getShutdownGrace())
					.isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void executorTypeThreadPoolIsExplicitlySelectable() {
		this.runner.withPropertyValues("patio.executor.type=thread-pool")
			.run((context) -> assertThat(context).getBean(PatioExecutor.class)
				.isInstanceOf(ThreadPoolPatioExecutor.class));
	}

	@Test
	void executorTypeAsyncRunsCompletionStageTasks() {
		this.runner.withPropertyValues("patio.executor.type=async")
			.withUserConfiguration(AsyncTasksConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(PatioExecutor.class).isInstanceOf(AsyncPatioExecutor.class);
				Integer result = context.getBean(PatioBroker.class)
					.call("square", Integer.class, 7)
					.get(10, TimeUnit.SECONDS);
				assertThat(result).isEqualTo(49);
			});
	}

	@Test
	void executorTypeAsyncRefusesToStartWithPlainValueTasksNamingTheMethod() {
		this.runner.withPropertyValues("patio.executor.type=async")
			.withUserConfiguration(PlainTasksConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(cause(context.getStartupFailure())).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining(PlainTasks.class.getName() + "#mul")
					.hasMessageContaining("patio.executor.type=thread-pool");
			});
	}

	@Test
	void executorTypeNoneRunsNothingAndSaysSo() {
		this.runner.withPropertyValues("patio.executor.type=none")
			.withUserConfiguration(PlainTasksConfiguration.class)
			.run((context) -> {
				assertThat(context).getBean(PatioExecutor.class).isInstanceOf(NullPatioExecutor.class);
				CompletableFuture<Integer> call = context.getBean(PatioBroker.class).call("mul", Integer.class, 2, 3);
				assertThat(call).failsWithin(Duration.ofSeconds(10))
					.withThrowableThat()
					.havingRootCause()
					.withMessageContaining("executor is 'none'");
			});
	}

	@Test
	void executorTypeNullIsRejectedWithAClearMessage() {
		this.runner.withPropertyValues("patio.executor.type=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(cause(context.getStartupFailure())).hasMessageContaining(
					"patio.executor.type is empty; set it to thread-pool, virtual-threads, async, none or process-pool");
		});
	}

	@Test
	void maxWorkersBelowOneFailsWithAClearMessage() {
		this.runner.withPropertyValues("patio.executor.max-workers=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(cause(context.getStartupFailure()))
				.hasMessageContaining("patio.executor.max-workers must be at least 1");
		});
	}

	@Test
	void negativeQueueCapacityFailsWithAClearMessage() {
		this.runner.withPropertyValues("patio.executor.queue-capacity=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(cause(context.getStartupFailure()))
				.hasMessageContaining("patio.executor.queue-capacity must be 0");
		});
	}

	@Test
	void nonPositiveTimeoutFailsWithAClearMessage() {
		this.runner.withPropertyValues("patio.broker.timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(cause(context.getStartupFailure()))
				.hasMessageContaining("patio.broker.timeout must be a positive duration");
		});
	}

	@Test
	void tcpClientWithoutServersFailsAtStartupWithAClearMessage() {
		this.runner.withPropertyValues("patio.broker.type=tcp-client").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(cause(context.getStartupFailure())).hasMessageContaining(
					"patio.broker.type=tcp-client needs the servers to dial in patio.broker.tcp.connect");
		});
	}

	@Test
	void userDefinedRegistryWins() {
		this.runner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Registry.class);
			assertThat(context.getBean(Registry.class)).isSameAs(context.getBean("userRegistry"));
			assertThat(context.getBean(PatioExecutor.class).getRegistry()).isSameAs(context.getBean("userRegistry"));
		});
	}

	@Test
	void userDefinedExecutorWins() {
		this.runner.withUserConfiguration(UserExecutorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PatioExecutor.class);
			assertThat(context.getBean(PatioExecutor.class)).isSameAs(context.getBean("userExecutor"));
			assertThat(context.getBean(PatioBroker.class).getExecutor()).isSameAs(context.getBean("userExecutor"));
		});
	}

	@Test
	void userDefinedBrokerWins() {
		this.runner.withUserConfiguration(UserBrokerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PatioBroker.class);
			assertThat(context.getBean(PatioBroker.class)).isSameAs(context.getBean("userBroker"));
			assertThat(context.getBean(PatioBrokerLifecycle.class).getBroker()).isSameAs(context.getBean("userBroker"));
		});
	}

	@Test
	void userDefinedBrokerMakesTcpTypeIrrelevant() {
		this.runner.withPropertyValues("patio.broker.type=tcp-client")
			.withUserConfiguration(UserBrokerConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void userDefinedLifecycleWins() {
		this.runner.withUserConfiguration(UserLifecycleConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PatioBrokerLifecycle.class);
			assertThat(context.getBean(PatioBrokerLifecycle.class).getShutdownGrace()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@Test
	void brokerStartsWithTheContextAndLocksTheRegistry() {
		this.runner.withUserConfiguration(PlainTasksConfiguration.class).run((context) -> {
			PatioBroker broker = context.getBean(PatioBroker.class);
			Registry registry = context.getBean(Registry.class);
			assertThat(broker.isRunning()).isTrue();
			assertThat(registry.isLocked()).isTrue();
			assertThat(context.getBean(PatioBrokerLifecycle.class).getPhase()).isEqualTo(Integer.MAX_VALUE);
			assertThatThrownBy(() -> registry.register("late", new PlainTasks(), "mul"))
				.isInstanceOf(RegistryLockedException.class);
		});
	}

	@Test
	void closingTheContextClosesTheBrokerAndShutsTheExecutorDown() {
		PatioBroker[] broker = new PatioBroker[1];
		this.runner.withUserConfiguration(PlainTasksConfiguration.class).run((context) -> {
			broker[0] = context.getBean(PatioBroker.class);
			assertThat(broker[0].call("mul", Integer.class, 2, 3, 4).get(10, TimeUnit.SECONDS)).isEqualTo(24);
		});
		assertThat(broker[0].isRunning()).isFalse();
		assertThat(broker[0].getExecutor().isShutdown()).isTrue();
	}

	@Test
	void doesNotPublishAnExecutorThatCouldReplaceBootsTaskExecutor() {
		this.runner.withUserConfiguration(PlainTasksConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(Executor.class));
	}

	@Test
	void annotatedMethodsAreRegisteredUnderGeneratedAndExplicitNames() {
		this.runner.withPropertyValues("patio.project=shop")
			.withUserConfiguration(PlainTasksConfiguration.class)
			.run((context) -> {
				Registry registry = context.getBean(Registry.class);
				assertThat(registry.asMap()).containsOnlyKeys("mul", "shop." + PlainTasks.class.getName() + ".add");
				PatioBroker broker = context.getBean(PatioBroker.class);
				assertThat(broker.call("shop." + PlainTasks.class.getName() + ".add", Integer.class, 2, 3)
					.get(10, TimeUnit.SECONDS)).isEqualTo(5);
			});
	}

	@Test
	void metaAnnotatedMethodsAreTasks() {
		this.runner.withUserConfiguration(MetaAnnotatedConfiguration.class).run((context) -> {
			Registry registry = context.getBean(Registry.class);
			assertThat(registry.asMap()).containsOnlyKeys("report", MetaAnnotatedTasks.class.getName() + ".audit");
			assertThat(context.getBean(PatioBroker.class).call("report", String.class).get(10, TimeUnit.SECONDS))
				.isEqualTo("ok");
		});
	}

	@Test
	void proxiedBeanGetsGeneratedNamesFromTheUserClassAndIsCalledThroughTheProxy() {
		this.runner.withUserConfiguration(ProxiedConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Object bean = context.getBean("proxiedTasks");
			assertThat(AopUtils.isCglibProxy(bean)).isTrue();
			String name = ProxiedTasks.class.getName() + ".twice";
			Registry registry = context.getBean(Registry.class);
			assertThat(registry.asMap()).containsOnlyKeys(name);
			assertThat(registry.resolve(name).getTarget()).isSameAs(bean);
			assertThat(registry
				.nameOf((io.patio.registry.TaskReference.Of1<ProxiedTasks, Integer, Integer>) ProxiedTasks::twice))
				.isEqualTo(name);
			PatioBroker broker = context.getBean(PatioBroker.class);
			assertThat(broker.call(ProxiedTasks::twice, 21).get(10, TimeUnit.SECONDS)).isEqualTo(42);
			assertThat(ProxiedConfiguration.advised).hasValue(1);
		});
	}

	@Test
	void duplicateTaskNamesFailTheStartup() {
		this.runner.withUserConfiguration(DuplicateConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("Duplicate task name 'same'");
		});
	}

	@Test
	void overloadWithoutNameFailsTheStartup() {
		this.runner.withUserConfiguration(OverloadConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("overloaded")
				.hasMessageContaining(OverloadedTasks.class.getName());
		});
	}

	@Test
	void privateTaskMethodFailsTheStartup() {
		this.runner.withUserConfiguration(PrivateConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining(PrivateTasks.class.getName() + "#hidden")
				.hasMessageContaining("must not be private");
		});
	}

	@Test
	void missingNameWithAutoNamingOffFailsTheStartup() {
		this.runner.withPropertyValues("patio.auto-naming=false")
			.withUserConfiguration(PlainTasksConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("Auto-naming is off")
					.hasMessageContaining("add");
			});
	}

	/** The exception that says what went wrong, however deep Spring wrapped it. */
	private static Throwable cause(Throwable failure) {
		return NestedExceptionUtils.getMostSpecificCause(failure);
	}

	// --- task beans and configurations ---

	public static class PlainTasks {

		@PatioTask("mul")
		public int mul(int... xs) {
			int product = 1;
			for (int x : xs) {
				product *= x;
			}
			return product;
		}

		@PatioTask
		public int add(int a, int b) {
			return a + b;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainTasksConfiguration {

		@Bean
		PlainTasks plainTasks() {
			return new PlainTasks();
		}

	}

	public static class AsyncTasks {

		@PatioTask("square")
		public CompletionStage<Integer> square(int x) {
			return CompletableFuture.completedFuture(x * x);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncTasksConfiguration {

		@Bean
		AsyncTasks asyncTasks() {
			return new AsyncTasks();
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@PatioTask
	@interface AuditTask {

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@PatioTask("report")
	@interface ReportTask {

	}

	public static class MetaAnnotatedTasks {

		@ReportTask
		public String report() {
			return "ok";
		}

		@AuditTask
		public String audit() {
			return "audited";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MetaAnnotatedConfiguration {

		@Bean
		MetaAnnotatedTasks metaAnnotatedTasks() {
			return new MetaAnnotatedTasks();
		}

	}

	public static class ProxiedTasks {

		@PatioTask
		public int twice(int x) {
			return 2 * x;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxiedConfiguration {

		static final java.util.concurrent.atomic.AtomicInteger advised = new java.util.concurrent.atomic.AtomicInteger();

		@Bean
		Object proxiedTasks() {
			advised.set(0);
			ProxyFactory factory = new ProxyFactory(new ProxiedTasks());
			factory.setProxyTargetClass(true);
			factory.addAdvice((org.aopalliance.intercept.MethodInterceptor) (invocation) -> {
				advised.incrementAndGet();
				return invocation.proceed();
			});
			return factory.getProxy();
		}

	}

	public static class SameNameA {

		@PatioTask("same")
		public int a() {
			return 1;
		}

	}

	public static class SameNameB {

		@PatioTask("same")
		public int b() {
			return 2;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateConfiguration {

		@Bean
		SameNameA sameNameA() {
			return new SameNameA();
		}

		@Bean
		SameNameB sameNameB() {
			return new SameNameB();
		}

	}

	public static class OverloadedTasks {

		@PatioTask
		public int value(int x) {
			return x;
		}

		@PatioTask
		public int value(int x, int y) {
			return x + y;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OverloadConfiguration {

		@Bean
		OverloadedTasks overloadedTasks() {
			return new OverloadedTasks();
		}

	}

	public static class PrivateTasks {

		@PatioTask("hidden")
		private int hidden() {
			return 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrivateConfiguration {

		@Bean
		PrivateTasks privateTasks() {
			return new PrivateTasks();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		@Bean
		Registry userRegistry() {
			return new Registry("mine");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean
		PatioExecutor userExecutor(Registry registry) {
			return new ThreadPoolPatioExecutor(registry, 1, 1);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBrokerConfiguration {

		@Bean
		PatioBroker userBroker(PatioExecutor executor) {
			return new MemoryBroker(executor, Duration.ofSeconds(2));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserLifecycleConfiguration {

		@Bean
		PatioBrokerLifecycle userLifecycle(PatioBroker broker) {
			return new PatioBrokerLifecycle(broker, Duration.ofSeconds(1));
		}

	}

}
