package io.patio.autoconfigure;

import java.time.Duration;

import io.patio.broker.CallInterceptor;
import io.patio.broker.PatioBroker;
import io.patio.executor.ExecutionInterceptor;
import io.patio.executor.PatioExecutor;
import io.patio.registry.Registry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration for patio: a {@link Registry} filled with the {@code @PatioTask}
 * methods of the application's beans, a {@link PatioExecutor} and a {@link PatioBroker}
 * chosen by {@code patio.*} properties, and a {@link PatioBrokerLifecycle} that starts
 * the broker last and stops it first. Every bean backs off when the application defines
 * its own.
 * <p>
 * Each value of {@code patio.executor.type}, {@code patio.broker.type} and
 * {@code patio.broker.tcp.serializer} comes from its own conditional configuration,
 * imported here in order; a module adds a value with an auto-configuration of its own
 * that runs before this one (see {@link PatioTypeContribution}). A value that none
 * provides fails startup with {@link PatioTypeNotProvidedException}.
 * <p>
 * The executor is deliberately not published as a {@link java.util.concurrent.Executor}:
 * that would replace Boot's {@code applicationTaskExecutor}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@EnableConfigurationProperties(PatioProperties.class)
@Import({ PatioExecutorConfigurations.ThreadPool.class, PatioExecutorConfigurations.VirtualThreads.class,
		PatioExecutorConfigurations.Async.class, PatioExecutorConfigurations.None.class,
		PatioExecutorConfigurations.ProcessPool.class, TcpSerializerConfigurations.Json.class,
		TcpSerializerConfigurations.Cbor.class, TcpSerializerConfigurations.Pickle.class,
		PatioBrokerConfigurations.Memory.class, PatioBrokerConfigurations.Tcp.class,
		PatioTypeFallbackConfiguration.class })
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
	@ConditionalOnProperty(name = "patio.client.verify", havingValue = "true")
	static PatioClientVerifier patioClientVerifier(ListableBeanFactory beanFactory) {
		return new PatioClientVerifier(beanFactory);
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
