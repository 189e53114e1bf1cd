package io.patio.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.patio.RegistryLockedException;
import io.patio.broker.PatioBroker;
import io.patio.registry.PatioTask;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatioTaskAnnotationBeanPostProcessorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class));

	@Test
	void jdkProxiedBeanGetsGeneratedNamesFromTheTargetClass() {
		this.runner.withUserConfiguration(JdkProxyConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(AopUtils.isJdkDynamicProxy(context.getBean("greeter"))).isTrue();
			String name = FriendlyGreeter.class.getName() + ".greet";
			assertThat(context.getBean(Registry.class).asMap()).containsOnlyKeys(name);
			assertThat(context.getBean(PatioBroker.class).call(name, String.class, "Ada").get(10, TimeUnit.SECONDS))
				.isEqualTo("Hello, Ada");
		});
	}

	@Test
	void inheritedTaskMethodsAreFound() {
		this.runner.withUserConfiguration(InheritedConfiguration.class).run((context) -> {
			assertThat(context.getBean(Registry.class).asMap()).containsOnlyKeys("base", "child");
		});
	}

	@Test
	void lazyBeanCreatedAfterStartupCannotAddTasks() {
		this.runner.withUserConfiguration(LazyConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatThrownBy(() -> context.getBean(LateTasks.class)).isInstanceOf(BeanCreationException.class)
				.hasMessageContaining(LateTasks.class.getName() + "#late of bean 'lateTasks'")
				.satisfies((ex) -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
					.isInstanceOf(RegistryLockedException.class)
					.hasMessageContaining("cannot register task 'late'"));
		});
	}

	@Test
	void userDefinedPostProcessorWins() {
		this.runner.withUserConfiguration(UserPostProcessorConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(PatioTaskAnnotationBeanPostProcessor.class)
				.getBean(PatioTaskAnnotationBeanPostProcessor.class)
				.isSameAs(context.getBean("myPostProcessor")));
	}

	public interface Greeter {

		String greet(String who);

	}

	public static class FriendlyGreeter implements Greeter {

		@Override
		@PatioTask
		public String greet(String who) {
			return "Hello, " + who;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JdkProxyConfiguration {

		@Bean
		Greeter greeter() {
			ProxyFactory factory = new ProxyFactory(new FriendlyGreeter());
			factory.addInterface(Greeter.class);
			return (Greeter) factory.getProxy();
		}

	}

	public static class BaseTasks {

		@PatioTask("base")
		public int base() {
			return 1;
		}

	}

	public static class ChildTasks extends BaseTasks {

		@PatioTask("child")
		public int child() {
			return 2;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InheritedConfiguration {

		@Bean
		ChildTasks childTasks() {
			return new ChildTasks();
		}

	}

	public static class LateTasks {

		@PatioTask("late")
		public int late() {
			return 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyConfiguration {

		@Bean
		@Lazy
		LateTasks lateTasks() {
			return new LateTasks();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPostProcessorConfiguration {

		@Bean
		static PatioTaskAnnotationBeanPostProcessor myPostProcessor() {
			return new PatioTaskAnnotationBeanPostProcessor();
		}

	}

}
