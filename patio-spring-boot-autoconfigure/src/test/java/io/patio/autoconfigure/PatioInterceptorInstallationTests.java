package io.patio.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.patio.broker.AbstractPatioBroker;
import io.patio.broker.CallInterceptor;
import io.patio.broker.MemoryBroker;
import io.patio.broker.PatioBroker;
import io.patio.executor.AbstractPatioExecutor;
import io.patio.executor.ExecutionInterceptor;
import io.patio.executor.PatioExecutor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle installs interceptor beans, in order, before the broker starts. */
class PatioInterceptorInstallationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class))
		.withUserConfiguration(ObservedTasks.ObservedTasksConfiguration.class, InterceptorConfiguration.class);

	@Test
	void interceptorBeansWrapCallsAndExecutionsInOrder() {
		this.runner.run((context) -> {
			PatioBroker broker = context.getBean(PatioBroker.class);
			assertThat(broker.call("mul", Integer.class, 6, 7).get(5, TimeUnit.SECONDS)).isEqualTo(42);
			assertThat(context.getBean(InterceptorConfiguration.class).seen).containsExactly("call-first",
					"call-second", "execution");
		});
	}

	@Test
	void interceptorsAlsoWrapABrokerTheApplicationDefines() {
		this.runner.withUserConfiguration(UserBrokerConfiguration.class).run((context) -> {
			AbstractPatioBroker broker = (AbstractPatioBroker) context.getBean(PatioBroker.class);
			assertThat(broker.getCallInterceptor()).isNotNull();
			assertThat(((AbstractPatioExecutor) broker.getExecutor()).getExecutionInterceptor()).isNotNull();
		});
	}

	@Test
	void withoutInterceptorBeansNothingIsInstalled() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class))
			.run((context) -> {
				AbstractPatioBroker broker = (AbstractPatioBroker) context.getBean(PatioBroker.class);
				assertThat(broker.getCallInterceptor()).isNull();
				assertThat(((AbstractPatioExecutor) broker.getExecutor()).getExecutionInterceptor()).isNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class InterceptorConfiguration {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		CallInterceptor second() {
			return (request, broker, next) -> {
				this.seen.add("call-second");
				return next.apply(request);
			};
		}

		@Bean
		@Order(1)
		CallInterceptor first() {
			return (request, broker, next) -> {
				this.seen.add("call-first");
				return next.apply(request);
			};
		}

		@Bean
		ExecutionInterceptor execution() {
			return (request, executor, next) -> {
				this.seen.add("execution");
				return next.apply(request);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBrokerConfiguration {

		@Bean
		PatioBroker userBroker(PatioExecutor executor) {
			return new MemoryBroker(executor);
		}

	}

}
