package io.patio.autoconfigure.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import io.patio.executor.process.WorkerEnvironment;
import io.patio.executor.process.WorkerSettings;

/**
 * The main class of a worker process of a Spring Boot application whose executor is
 * {@code patio.executor.type=process-pool}. It starts the same application class (the
 * first argument) in worker mode, with the parent's configuration, which it reads from
 * its stdin (never its command line, which {@code ps} shows to everyone):
 * <ol>
 * <li>the parent's {@code -D} properties become system properties here, except those the
 * worker's own command line sets;</li>
 * <li>the application runs with the parent's command-line arguments;</li>
 * <li>above them rank the worker's own properties the parent sends (its active profiles,
 * the {@code -D} of {@code patio.executor.process.jvm-options}, then
 * {@code patio.executor.process.properties});</li>
 * <li>above everything, the properties that make this process a worker:
 * {@code spring.main.web-application-type=none} (no web server);
 * {@code patio.broker.type=tcp-client} connected to the parent over loopback with the
 * per-pool key, JSON, no TLS (the worker's only broker);
 * {@code patio.executor.type=thread-pool} with {@code tasks-per-worker} threads;
 * {@code patio.executor.process.worker=true} (the marker: it never starts a process pool
 * of its own); {@code spring.main.register-shutdown-hook=false} (a task that calls
 * {@code System.exit} ends the worker at once, instead of a context close that would wait
 * for that very task; the parent stops the worker by closing its stdin, which closes the
 * context).</li>
 * </ol>
 * Everything else in the application context starts as usual (beans, {@code @PatioTask}
 * methods, runners). The worker exits when its parent goes away.
 */
public final class SpringProcessWorker {

	/** The property source of the worker mode, above every other. */
	static final String WORKER_SOURCE = "patioProcessWorker";

	/** The property source of the worker's own properties, just below. */
	static final String SETTINGS_SOURCE = "patioProcessWorkerSettings";

	private SpringProcessWorker() {
	}

	public static void main(String[] args) throws Exception {
		WorkerEnvironment env = WorkerEnvironment.current()
			.orElseThrow(() -> new IllegalStateException(
					"SpringProcessWorker is started by a process-pool executor, which sets its environment"));
		if (args.length < 1) {
			throw new IllegalArgumentException("Usage: SpringProcessWorker <Spring Boot application class>");
		}
		WorkerSettings settings = env.readSettings();
		settings.applySystemProperties();
		Class<?> application = Class.forName(args[0]);
		SpringApplication app = new SpringApplication(application);
		app.setMainApplicationClass(application);
		app.setWebApplicationType(WebApplicationType.NONE);
		app.addListeners(new WorkerProperties(workerProperties(env), settings.properties()));
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
		ConfigurableApplicationContext started = app.run(settings.arguments().toArray(new String[0]));
		synchronized (context) {
			context.add(started);
		}
		stopped.await();
	}

	/** The properties that make this process a worker; they rank above all others. */
	static Map<String, Object> workerProperties(WorkerEnvironment env) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.web-application-type", "none");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.register-shutdown-hook", "false");
		properties.put("patio.broker.type", "tcp-client");
		properties.put("patio.broker.tcp.connect", env.address());
		properties.put("patio.broker.tcp.key", env.key());
		properties.put("patio.broker.tcp.serializer", "cbor");
		properties.put("patio.broker.tcp.ssl.bundle", "");
		properties.put("patio.broker.tcp.reconnect-delay", "100ms");
		properties.put("patio.broker.tcp.reconnect-max-delay", "1s");
		properties.put("patio.executor.type", "thread-pool");
		properties.put("patio.executor.max-workers", Integer.toString(env.tasks()));
		properties.put("patio.executor.process.worker", "true");
		return properties;
	}

	/**
	 * Puts the worker's property sources first, before Boot reads its configuration files
	 * (so that the parent's profiles select the same profile-specific files).
	 */
	static final class WorkerProperties implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

		private final Map<String, Object> worker;

		private final Map<String, Object> settings;

		WorkerProperties(Map<String, Object> worker, Map<String, String> settings) {
			this.worker = worker;
			this.settings = new LinkedHashMap<>(settings);
		}

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			MutablePropertySources sources = event.getEnvironment().getPropertySources();
			sources.addFirst(new MapPropertySource(WORKER_SOURCE, this.worker));
			sources.addAfter(WORKER_SOURCE, new MapPropertySource(SETTINGS_SOURCE, this.settings));
		}

		@Override
		public int getOrder() {
			// before Boot's EnvironmentPostProcessorApplicationListener, which loads the
			// configuration files
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
