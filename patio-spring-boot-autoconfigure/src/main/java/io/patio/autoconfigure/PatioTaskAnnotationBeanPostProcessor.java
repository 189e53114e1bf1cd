package io.patio.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.patio.broker.client.PatioClients;
import io.patio.registry.Contracts;
import io.patio.registry.PatioTask;
import io.patio.registry.Registry;

import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link PatioTask @PatioTask} methods on beans and registers them into the
 * {@link Registry} bean, after the model of Spring's
 * {@code ScheduledAnnotationBeanPostProcessor}.
 * <p>
 * <ul>
 * <li>Meta-annotation aware: an annotation that carries {@code @PatioTask} marks a task
 * too.</li>
 * <li>Proxy-safe: generated names use the user's class (never a CGLIB or JDK proxy
 * class), so they match the names that callers compute from a method reference such as
 * {@code MathTasks::mul}; the task itself is invoked through the proxy, so advice such as
 * transactions applies.</li>
 * <li>Contract-aware: a bean that implements an interface annotated
 * {@link io.patio.client.PatioClient @PatioClient} has the interface's methods registered
 * under the contract's names ({@link Registry#taskNameOf}), as
 * {@link Registry#registerAnnotated} does without Spring.</li>
 * <li>Fails fast: tasks are collected while beans initialize and registered when every
 * singleton exists; a duplicate name or a method that cannot be a task fails the startup
 * with a message that lists every problem.</li>
 * </ul>
 * Declare it as a {@code static @Bean} so that it is created before the beans it
 * processes.
 */
public class PatioTaskAnnotationBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, AopInfrastructureBean, Ordered {

	private static final Log logger = LogFactory.getLog(PatioTaskAnnotationBeanPostProcessor.class);

	private final Set<Class<?>> classesWithoutTasks = Collections.newSetFromMap(new ConcurrentHashMap<>(64));

	private final List<FoundTask> pending = new ArrayList<>();

	private BeanFactory beanFactory;

	private Registry registry;

	private volatile boolean singletonsInstantiated;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof AopInfrastructureBean || PatioClients.isClient(bean)) {
			return bean; // a typed client implements a contract to call it, not to run it
		}
		Class<?> targetClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		if (this.classesWithoutTasks.contains(targetClass)) {
			return bean;
		}
		List<FoundTask> found = new ArrayList<>();
		// The methods of contract interfaces (@PatioClient) it implements, under the
		// contract's names.
		for (Class<?> contract : Contracts.contractsOf(targetClass)) {
			for (Method method : Contracts.taskMethodsOf(contract)) {
				found.add(new FoundTask(beanName, bean, targetClass, method, "", true));
			}
		}
		// Skips classes that cannot carry the annotation (java.*, for example) without a
		// scan.
		Map<Method, PatioTask> annotated = AnnotationUtils.isCandidateClass(targetClass, PatioTask.class)
				? MethodIntrospector.selectMethods(targetClass,
						(MethodIntrospector.MetadataLookup<PatioTask>) (method) -> AnnotatedElementUtils
							.findMergedAnnotation(method, PatioTask.class))
				: Map.of();
		if (annotated.isEmpty() && found.isEmpty()) {
			this.classesWithoutTasks.add(targetClass);
			return bean;
		}
		annotated.forEach((method, annotation) -> found
			.add(new FoundTask(beanName, bean, targetClass, method, annotation.value(), false)));
		// A stable order, so that the first of two duplicates is the same on every run.
		found.sort(Comparator.comparing((FoundTask task) -> task.method().toString()));
		if (this.singletonsInstantiated) {
			// A lazy or prototype bean created after startup: register it now, or fail.
			register(found);
		}
		else {
			synchronized (this.pending) {
				this.pending.addAll(found);
			}
		}
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<FoundTask> tasks;
		synchronized (this.pending) {
			tasks = new ArrayList<>(this.pending);
			this.pending.clear();
		}
		this.singletonsInstantiated = true;
		register(tasks);
	}

	private void register(List<FoundTask> tasks) {
		if (tasks.isEmpty()) {
			return;
		}
		Registry registry = registry();
		List<String> problems = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		for (FoundTask task : tasks) {
			try {
				if (!task.contract() && registry.implementsContractUnderName(task.method(), task.explicitName())) {
					continue; // registered under its contract's name already
				}
				String name = register(registry, task);
				if (logger.isDebugEnabled()) {
					logger.debug("Registered patio task '" + name + "' for " + task.describe());
				}
			}
			catch (RuntimeException ex) {
				problems.add(task.describe() + ": " + ex.getMessage());
				failures.add(ex);
			}
		}
		if (!problems.isEmpty()) {
			IllegalStateException failure = new IllegalStateException("Cannot register " + problems.size()
					+ " @PatioTask method(s):\n  - " + String.join("\n  - ", problems), failures.get(0));
			failures.stream().skip(1).forEach(failure::addSuppressed);
			throw failure;
		}
	}

	private String register(Registry registry, FoundTask task) {
		Method method = task.method();
		if (Modifier.isPrivate(method.getModifiers())) {
			throw new IllegalArgumentException(
					"a task method must not be private; make it public so that it can be called through the bean");
		}
		boolean isStatic = Modifier.isStatic(method.getModifiers());
		if (isStatic && method.getDeclaringClass().isInterface()) {
			throw new IllegalArgumentException("a static interface method cannot be a task of a bean;"
					+ " move it to the bean's class or make it an instance method");
		}
		// The name comes from the user's method (or the contract's), never from a
		// proxy's.
		String name = task.contract() ? registry.taskNameOf(method)
				: task.explicitName().isEmpty() ? registry.generatedName(method) : task.explicitName();
		if (isStatic) {
			registry.register(name, null, method);
		}
		else {
			Method invocable = AopUtils.selectInvocableMethod(method, task.bean().getClass());
			registry.register(name, task.bean(), invocable);
		}
		return name;
	}

	private Registry registry() {
		if (this.registry == null) {
			if (this.beanFactory == null) {
				throw new IllegalStateException("No BeanFactory set on " + getClass().getSimpleName());
			}
			this.registry = this.beanFactory.getBean(Registry.class);
		}
		return this.registry;
	}

	/**
	 * A task found on a bean: a {@code @PatioTask} method, or with {@code contract} the
	 * method of a contract interface that the bean implements.
	 */
	private record FoundTask(String beanName, Object bean, Class<?> targetClass, Method method, String explicitName,
			boolean contract) {

		String describe() {
			return "method " + this.targetClass.getName() + "#" + this.method.getName() + " of bean '" + this.beanName
					+ "'";
		}

	}

}
