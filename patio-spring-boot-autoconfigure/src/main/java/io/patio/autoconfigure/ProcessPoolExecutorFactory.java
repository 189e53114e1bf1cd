package io.patio.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.patio.autoconfigure.process.SpringProcessWorker;
import io.patio.executor.process.ProcessPoolOptions;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.registry.Registry;

/**
 * Builds the process-pool executor of {@code patio.executor.type=process-pool}: its
 * workers run {@link SpringProcessWorker}, which starts this same application in worker
 * mode.
 */
final class ProcessPoolExecutorFactory {

	private ProcessPoolExecutorFactory() {
	}

	static ProcessPoolPatioExecutor create(Registry registry, PatioProperties.Executor executor,
			ListableBeanFactory beanFactory, List<ProcessPoolOptionsCustomizer> customizers) {
		PatioProperties.Process process = executor.getProcess();
		if (process.isWorker()) {
			throw new IllegalStateException("patio.executor.process.worker=true, yet the executor is process-pool:"
					+ " a worker must not start workers of its own (SpringProcessWorker sets"
					+ " patio.executor.type=thread-pool; do not override it)");
		}
		String application = applicationClass(process, beanFactory);
		List<String> jvmOptions = new ArrayList<>(process.getJvmOptions());
		String mainClass = SpringProcessWorker.class.getName();
		if (isBootJar(System.getProperty("java.class.path"))) {
			// java -jar app.jar: only Boot's launcher reads the nested jars; it starts
			// our worker main
			jvmOptions.add("-Dloader.main=" + SpringProcessWorker.class.getName());
			mainClass = PROPERTIES_LAUNCHER;
		}
		ProcessPoolOptions.Builder options = ProcessPoolOptions.builder();
		String prefix = "patio.executor.process.";
		OptionsFromProperties properties = new OptionsFromProperties()
			.with("patio.executor.max-workers", executor.getMaxWorkers(), options::maxWorkers)
			.with(prefix + "tasks-per-worker", process.getTasksPerWorker(), options::tasksPerWorker)
			.with(prefix + "recycle-after", process.getRecycleAfter(), options::recycleAfter)
			.with(prefix + "startup-timeout", process.getStartupTimeout(), options::startupTimeout)
			.with("patio.executor.queue-capacity", executor.getQueueCapacity(), options::queueCapacity);
		options.jvmOptions(jvmOptions)
			.workerMain(mainClass, List.of(application))
			.applicationArguments(parentArguments(beanFactory))
			.workerProperties(workerProperties(process, beanFactory.getBean(Environment.class)));
		customizers.forEach((customizer) -> customizer.customize(options));
		return properties.create(() -> new ProcessPoolPatioExecutor(registry, options.build()));
	}

	/**
	 * The arguments the application was started with (none when it runs without a
	 * {@code SpringApplication}); a worker runs with them.
	 */
	static List<String> parentArguments(ListableBeanFactory beanFactory) {
		ApplicationArguments arguments = beanFactory.getBeanProvider(ApplicationArguments.class).getIfAvailable();
		return (arguments != null) ? Arrays.asList(arguments.getSourceArgs()) : List.of();
	}

	/**
	 * The properties a worker ranks above the parent's arguments, lowest first (a later
	 * one replaces an earlier one): the parent's active profiles, the {@code -D} of
	 * {@code jvm-options}, then {@code patio.executor.process.properties}.
	 */
	static Map<String, String> workerProperties(PatioProperties.Process process, Environment environment) {
		Map<String, String> properties = new LinkedHashMap<>();
		String[] profiles = environment.getActiveProfiles();
		if (profiles.length > 0) {
			properties.put("spring.profiles.active", String.join(",", profiles));
		}
		for (String option : process.getJvmOptions()) {
			if (option.startsWith("-D") && option.length() > 2) {
				int equals = option.indexOf('=');
				properties.put((equals < 0) ? option.substring(2) : option.substring(2, equals),
						(equals < 0) ? "" : option.substring(equals + 1));
			}
		}
		properties.putAll(process.getProperties());
		return properties;
	}

	/**
	 * Boot's launcher that starts the class named by {@code loader.main} from an
	 * executable jar.
	 */
	static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	/**
	 * Whether the class path is one executable Spring Boot jar (its manifest names a
	 * {@code Start-Class}).
	 */
	static boolean isBootJar(String classPath) {
		if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
			return false;
		}
		try (JarFile jar = new JarFile(classPath)) {
			Manifest manifest = jar.getManifest();
			return manifest != null && manifest.getMainAttributes().getValue("Start-Class") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The configured application class, else the bean class annotated with
	 * {@code @SpringBootConfiguration}.
	 */
	static String applicationClass(PatioProperties.Process process, ListableBeanFactory beanFactory) {
		if (process.getApplicationClass() != null && !process.getApplicationClass().isBlank()) {
			return process.getApplicationClass();
		}
		String[] names = beanFactory.getBeanNamesForAnnotation(SpringBootConfiguration.class);
		if (names.length != 1) {
			throw new IllegalStateException("patio.executor.type=process-pool starts the application's"
					+ " @SpringBootApplication class in each worker, but " + names.length + " were found;"
					+ " name it with patio.executor.process.application-class");
		}
		Class<?> type = beanFactory.getType(names[0]);
		return ClassUtils.getUserClass(type).getName();
	}

}
