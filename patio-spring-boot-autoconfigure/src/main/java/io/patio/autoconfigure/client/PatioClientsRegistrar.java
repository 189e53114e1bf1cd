package io.patio.autoconfigure.client;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.patio.client.PatioClient;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers the client beans of {@link ImportPatioClients @ImportPatioClients}: one
 * {@link PatioClientFactoryBean} per contract interface, primary for its type.
 */
class PatioClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

	/** What follows the interface's name in a client's bean name. */
	static final String BEAN_NAME_SUFFIX = ".patioClient";

	private Environment environment;

	private ResourceLoader resourceLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Object> found = metadata.getAnnotationAttributes(ImportPatioClients.class.getName(), true);
		AnnotationAttributes attributes = AnnotationAttributes.fromMap(found);
		Set<String> contracts = new LinkedHashSet<>();
		for (String type : attributes.getStringArray("types")) {
			contracts.add(type);
		}
		Set<String> packages = new LinkedHashSet<>();
		for (String pkg : attributes.getStringArray("basePackages")) {
			packages.add(pkg);
		}
		for (String type : attributes.getStringArray("basePackageClasses")) {
			packages.add(ClassUtils.getPackageName(type));
		}
		if (contracts.isEmpty() && packages.isEmpty()) {
			packages.add(ClassUtils.getPackageName(metadata.getClassName()));
		}
		ClassPathScanningCandidateComponentProvider scanner = scanner();
		for (String pkg : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
				contracts.add(candidate.getBeanClassName());
			}
		}
		ClassLoader classLoader = (this.resourceLoader != null) ? this.resourceLoader.getClassLoader() : null;
		for (String name : contracts) {
			Class<?> contract = ClassUtils.resolveClassName(name, classLoader);
			String beanName = contract.getName() + BEAN_NAME_SUFFIX;
			if (!registry.containsBeanDefinition(beanName)) {
				registry.registerBeanDefinition(beanName, definitionOf(contract));
			}
		}
	}

	private static RootBeanDefinition definitionOf(Class<?> contract) {
		RootBeanDefinition definition = new RootBeanDefinition(PatioClientFactoryBean.class);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, contract);
		definition.setTargetType(ResolvableType.forClassWithGenerics(PatioClientFactoryBean.class, contract));
		definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, contract);
		definition.setPrimary(true);
		return definition;
	}

	private ClassPathScanningCandidateComponentProvider scanner() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				this.environment) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
			}

		};
		if (this.resourceLoader != null) {
			scanner.setResourceLoader(this.resourceLoader);
		}
		scanner.addIncludeFilter(new AnnotationTypeFilter(PatioClient.class, false, true));
		return scanner;
	}

}
