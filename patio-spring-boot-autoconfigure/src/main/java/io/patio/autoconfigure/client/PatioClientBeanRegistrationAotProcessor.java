package io.patio.autoconfigure.client;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import io.patio.registry.Contracts;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.RegisteredBean;

/**
 * Ahead-of-time hints for the typed clients of
 * {@link ImportPatioClients @ImportPatioClients}: the JDK proxy of each contract
 * interface, its methods for reflection (read once to work out each call, and to run
 * default methods), and the types of its parameters and results for binding.
 */
class PatioClientBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
		if (!PatioClientFactoryBean.class.isAssignableFrom(bean.getBeanClass())) {
			return null;
		}
		ValueHolder argument = bean.getMergedBeanDefinition()
			.getConstructorArgumentValues()
			.getIndexedArgumentValue(0, Class.class);
		if (argument == null || !(argument.getValue() instanceof Class<?> contract)) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), contract);
	}

	static void registerHints(RuntimeHints hints, Class<?> contract) {
		hints.proxies().registerJdkProxy(contract);
		hints.reflection().registerType(contract, MemberCategory.INVOKE_PUBLIC_METHODS);
		List<Type> bound = new ArrayList<>();
		for (Method method : Contracts.taskMethodsOf(contract)) {
			bound.add(method.getGenericReturnType());
			bound.addAll(List.of(method.getGenericParameterTypes()));
		}
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), bound.toArray(Type[]::new));
	}

}
