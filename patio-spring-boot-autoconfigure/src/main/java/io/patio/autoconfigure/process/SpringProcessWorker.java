package io.patio.autoconfigure.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import io.patio.executor.process.WorkerEnvironment;

/**
 * The main class of a worker process of a Spring Boot application whose executor is
 * {@code patio.executor.type=process-pool}. It starts the same application class (the
 * first argument) in worker mode, with these properties put above the application's own:
 * <ul>
 * <li>{@code spring.main.web-application-type=none}: no web server;</li>
 * <li>{@code patio.broker.type=tcp-client} connected to the parent over loopback with the
 * per-pool key, JSON, no TLS: the worker's only broker;</li>
 * <li>{@code patio.executor.type=thread-pool} with {@code tasks-per-worker} threads;</li>
 * <li>{@code patio.executor.process.worker=true}: the marker that this process is a
 * worker (it never starts a process pool of its own);</li>
 * <li>{@code spring.main.register-shutdown-hook=false}: a task that calls
 * {@code System.exit} ends the worker at once, instead of a context close that would wait
 * for that very task; the parent stops the worker by closing its stdin, which closes the
 * context.</li>
 * </ul>
 * Everything else in the application context starts as usual (beans, {@code @PatioTask}
 * methods, runners). The worker exits when its parent goes away.
 */
public final class SpringProcessWorker {

	private SpringProcessWorker() {
	}

	public static void main(String[] args) throws Exception {
		WorkerEnvironment env = WorkerEnvironment.current()
			.orElseThrow(() -> new IllegalStateException(
					"SpringProcessWorker is started by a process-pool executor, which sets its environment"));
		if (args.length < 1) {
			throw new IllegalArgumentException("Usage: SpringProcessWorker <Spring Boot application class>");
		}
		Class<?> application = Class.forName(args[0]);
		SpringApplication app = new SpringApplication(application);
		app.setMainApplicationClass(application);
		app.setWebApplicationType(WebApplicationType.NONE);
		CountDownLatch stopped = new CountDownLatch(1);
		List<ConfigurableApplicationContext> context = new ArrayList<>(1);
		env.exitWithParent(() -> {
			synchronized (context) {
				if (!context.isEmpty()) {
					context.get(0).close();
				}
			}
			stopped.countDown();
		});
		ConfigurableApplicationContext started = app.run(workerArguments(env));
		synchronized (context) {
			context.add(started);
		}
		stopped.await();
	}

	/** Command-line properties rank above the application's own configuration. */
	static String[] workerArguments(WorkerEnvironment env) {
		return new String[] { "--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
				"--spring.main.register-shutdown-hook=false", "--patio.broker.type=tcp-client",
				"--patio.broker.tcp.connect=" + env.address(), "--patio.broker.tcp.key=" + env.key(),
				"--patio.broker.tcp.serializer=json", "--patio.broker.tcp.ssl.bundle=",
				"--patio.broker.tcp.reconnect-delay=100ms", "--patio.broker.tcp.reconnect-max-delay=1s",
				"--patio.executor.type=thread-pool", "--patio.executor.max-workers=" + env.tasks(),
				"--patio.executor.process.worker=true" };
	}

}
