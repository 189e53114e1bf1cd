package io.patio.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.util.ClassUtils;

import io.patio.autoconfigure.process.SpringProcessWorker;
import io.patio.executor.process.ProcessPoolOptions;
import io.patio.executor.process.ProcessPoolPatioExecutor;
import io.patio.registry.Registry;

/**
 * Builds the process-pool executor of {@code patio.executor.type=process-pool}: its workers
 * run {@link SpringProcessWorker}, which starts this same application in worker mode.
 */
final class ProcessPoolExecutorFactory {

	private ProcessPoolExecutorFactory() {
	}

	static ProcessPoolPatioExecutor create(Registry registry, PatioProperties.Executor executor,
			ListableBeanFactory beanFactory) {
		PatioProperties.Process process = executor.getProcess();
		if (process.isWorker()) {
			throw new IllegalStateException("patio.executor.process.worker=true, yet the executor is process-pool:"
					+ " a worker must not start workers of its own (SpringProcessWorker sets"
					+ " patio.executor.type=thread-pool; do not override it)");
		}
		ProcessPoolOptions options = ProcessPoolOptions.builder()
			.maxWorkers(executor.getMaxWorkers())
			.tasksPerWorker(process.getTasksPerWorker())
			.recycleAfter(process.getRecycleAfter())
			.startupTimeout(process.getStartupTimeout())
			.queueCapacity(Math.max(1, executor.getQueueCapacity()))
			.jvmOptions(process.getJvmOptions())
			.workerMain(SpringProcessWorker.class.getName(), List.of(applicationClass(process, beanFactory)))
			.build();
		return new ProcessPoolPatioExecutor(registry, options);
	}

	/** The configured application class, else the bean class annotated with {@code @SpringBootConfiguration}. */
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
