package io.patio.autoconfigure;

import java.time.Duration;

import io.patio.broker.CallInterceptor;
import io.patio.broker.MemoryBroker;
import io.patio.broker.PatioBroker;
import io.patio.executor.AsyncPatioExecutor;
import io.patio.executor.ExecutionInterceptor;
import io.patio.executor.NullPatioExecutor;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration for patio: a {@link Registry} filled with the {@code @PatioTask}
 * methods of the application's beans, a {@link PatioExecutor} and a {@link PatioBroker}
 * chosen by {@code patio.*} properties, and a {@link PatioBrokerLifecycle} that starts
 * the broker last and stops it first. Every bean backs off when the application defines
 * its own.
 * <p>
 * The executor is deliberately not published as a {@link java.util.concurrent.Executor}:
 * that would replace Boot's {@code applicationTaskExecutor}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@EnableConfigurationProperties(PatioProperties.class)
public final class PatioAutoConfiguration {

	/** Boot's property for how long each lifecycle phase may take to stop. */
	static final String SHUTDOWN_PHASE_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

	static final Duration DEFAULT_SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static PatioTaskAnnotationBeanPostProcessor patioTaskAnnotationBeanPostProcessor() {
		return new PatioTaskAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	Registry patioRegistry(PatioProperties properties) {
		return Registry.builder()
			.project(properties.getProject())
			.autoNaming(properties.isAutoNaming())
			.strict(properties.isStrict())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	PatioExecutor patioExecutor(Registry registry, PatioProperties properties, Environment environment,
			ListableBeanFactory beanFactory) {
		// YAML reads "type: null" or "type:" as an empty value, which the binder skips;
		// say so instead of silently running the default.
		String type = environment.getProperty("patio.executor.type");
		if (type != null && type.isBlank()) {
			throw new IllegalStateException(
					"patio.executor.type is empty; set it to thread-pool, async, none or process-pool"
							+ " (an unquoted null in YAML is no value: the executor that runs nothing is called none)");
		}
		PatioProperties.Executor executor = properties.getExecutor();
		return switch (executor.getType()) {
			case THREAD_POOL ->
				new ThreadPoolPatioExecutor(registry, executor.getMaxWorkers(), executor.getQueueCapacity());
			case ASYNC -> new AsyncPatioExecutor(registry, executor.getMaxWorkers(), executor.getQueueCapacity());
			case NONE -> new NullPatioExecutor(registry);
			case PROCESS_POOL -> ProcessPoolExecutorFactory.create(registry, executor, beanFactory);
		};
	}

	@Bean
	@ConditionalOnMissingBean
	PatioBroker patioBroker(PatioExecutor executor, PatioProperties properties, ObjectProvider<SslBundles> sslBundles) {
		PatioProperties.Broker broker = properties.getBroker();
		return switch (broker.getType()) {
			case MEMORY -> new MemoryBroker(executor, broker.getTimeout());
			case TCP_SERVER -> new TcpBrokerFactory(broker, sslBundles.getIfAvailable()).server(executor);
			case TCP_CLIENT -> new TcpBrokerFactory(broker, sslBundles.getIfAvailable()).client(executor);
		};
	}

	@Bean
	@ConditionalOnMissingBean
	PatioBrokerLifecycle patioBrokerLifecycle(PatioBroker broker, Environment environment,
			ObjectProvider<CallInterceptor> callInterceptors,
			ObjectProvider<ExecutionInterceptor> executionInterceptors) {
		Duration grace = Binder.get(environment)
			.bind(SHUTDOWN_PHASE_TIMEOUT_PROPERTY, Duration.class)
			.orElse(DEFAULT_SHUTDOWN_PHASE_TIMEOUT);
		return new PatioBrokerLifecycle(broker, grace, callInterceptors.orderedStream().toList(),
				executionInterceptors.orderedStream().toList());
	}

}
