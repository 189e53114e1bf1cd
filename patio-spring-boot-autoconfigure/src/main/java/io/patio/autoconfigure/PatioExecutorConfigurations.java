package io.patio.autoconfigure;

import io.patio.executor.AsyncPatioExecutor;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.executor.VirtualThreadPatioExecutor;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.registry.Registry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * One configuration per value of {@code patio.executor.type}, each contributing its value
 * and, when selected, the executor. {@link PatioAutoConfiguration} imports them in order.
 */
final class PatioExecutorConfigurations {

	private PatioExecutorConfigurations() {
	}

	/** The properties the executors' constructors check. */
	static OptionsFromProperties sizes(PatioProperties.Executor executor) {
		return new OptionsFromProperties().with("patio.executor.max-workers", executor.getMaxWorkers())
			.with("patio.executor.queue-capacity", executor.getQueueCapacity());
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadPool {

		@Bean
		PatioTypeContribution patioThreadPoolExecutorType() {
			return PatioTypeContribution.executor("thread-pool", KnownPatioTypes.CORE);
		}

		@Bean
		@ConditionalOnPatioType(property = PatioTypeContribution.EXECUTOR_TYPE, value = "thread-pool",
				matchIfMissing = true)
		@Conditional(VirtualThreadsSelectedCondition.NotChosenByBoot.class)
		@ConditionalOnMissingBean(PatioExecutor.class)
		ThreadPoolPatioExecutor patioExecutor(Registry registry, PatioProperties properties) {
			PatioProperties.Executor executor = properties.getExecutor();
			return sizes(executor).create(
					() -> new ThreadPoolPatioExecutor(registry, executor.getMaxWorkers(), executor.getQueueCapacity()));
		}

	}

	/**
	 * Chosen by its type, or with no type set by Boot's
	 * {@code spring.threads.virtual.enabled=true} on Java 21 or later; on Java 17 the
	 * executor refuses to be built.
	 */
	@Configuration(proxyBeanMethods = false)
	static class VirtualThreads {

		/** When it is set, it wins over this type's default of 10,000. */
		static final String MAX_WORKERS = "patio.executor.max-workers";

		@Bean
		PatioTypeContribution patioVirtualThreadsExecutorType() {
			return PatioTypeContribution.executor("virtual-threads", KnownPatioTypes.CORE);
		}

		@Bean
		@Conditional(VirtualThreadsSelectedCondition.class)
		@ConditionalOnMissingBean(PatioExecutor.class)
		VirtualThreadPatioExecutor patioExecutor(Registry registry, PatioProperties properties,
				Environment environment) {
			int maxConcurrency = Binder.get(environment)
				.bind(MAX_WORKERS, Integer.class)
				.orElse(VirtualThreadPatioExecutor.DEFAULT_MAX_CONCURRENCY);
			return new VirtualThreadPatioExecutor(registry, maxConcurrency,
					properties.getExecutor().getQueueCapacity());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Async {

		@Bean
		PatioTypeContribution patioAsyncExecutorType() {
			return PatioTypeContribution.executor("async", KnownPatioTypes.CORE);
		}

		@Bean
		@ConditionalOnPatioType(property = PatioTypeContribution.EXECUTOR_TYPE, value = "async")
		@ConditionalOnMissingBean(PatioExecutor.class)
		AsyncPatioExecutor patioExecutor(Registry registry, PatioProperties properties) {
			PatioProperties.Executor executor = properties.getExecutor();
			return sizes(executor)
				.create(() -> new AsyncPatioExecutor(registry, executor.getMaxWorkers(), executor.getQueueCapacity()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class None {

		@Bean
		PatioTypeContribution patioNoneExecutorType() {
			return PatioTypeContribution.executor("none", KnownPatioTypes.CORE);
		}

		@Bean
		@ConditionalOnPatioType(property = PatioTypeContribution.EXECUTOR_TYPE, value = "none")
		@ConditionalOnMissingBean(PatioExecutor.class)
		NullPatioExecutor patioExecutor(Registry registry) {
			return new NullPatioExecutor(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.patio.executor.process.ProcessPoolPatioExecutor")
	static class ProcessPool {

		@Bean
		PatioTypeContribution patioProcessPoolExecutorType() {
			return PatioTypeContribution.executor("process-pool", KnownPatioTypes.PROCESS);
		}

		@Bean
		@ConditionalOnPatioType(property = PatioTypeContribution.EXECUTOR_TYPE, value = "process-pool")
		@ConditionalOnMissingBean(PatioExecutor.class)
		ProcessPoolPatioExecutor patioExecutor(Registry registry, PatioProperties properties,
				ListableBeanFactory beanFactory, ObjectProvider<ProcessPoolOptionsCustomizer> customizers) {
			return ProcessPoolExecutorFactory.create(registry, properties.getExecutor(), beanFactory,
					customizers.orderedStream().toList());
		}

	}

}
