package io.patio.broker.tcp.client;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.patio.broker.client.Shapes;
import io.patio.broker.client.ShapesWorker;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when": a caller with only the interface on its class path calls a
 * worker's implementation over TCP, with no string names in its code. The worker is this
 * JVM; the caller ({@link ShapesCaller}) runs in another, whose class path has the
 * libraries, the {@link Shapes} interface and the caller, but neither the test classes
 * that hold {@link ShapesWorker} nor this module's.
 */
class TypedClientTwoJvmTests {

	@Test
	@Timeout(120)
	void aCallerWithOnlyTheInterfaceCallsTheWorkersImplementation(@TempDir Path contractOnly) throws Exception {
		copyClass(Shapes.class, contractOnly);
		copyClass(Shapes.Point.class, contractOnly);
		copyClass(ShapesCaller.class, contractOnly);
		ShapesWorker worker = new ShapesWorker();
		Registry registry = new Registry("example");
		registry.registerAnnotated(worker);
		TcpBrokerOptions options = TcpBrokerOptions.builder().key("two-jvms").build();
		try (ThreadPoolPatioExecutor executor = new ThreadPoolPatioExecutor(registry, 4);
				TcpServerBroker server = new TcpServerBroker(executor, options, "127.0.0.1:0")) {
			server.start();
			int port = server.getBoundAddresses().get(0).getPort();
			Process caller = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx128m", "-Dlogback.configurationFile=" + logbackConfig(contractOnly), "-cp",
					callerClassPath(contractOnly), ShapesCaller.class.getName(), String.valueOf(port))
				.redirectErrorStream(true)
				.start();
			String output;
			try (InputStream in = caller.getInputStream()) {
				output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			finally {
				if (!caller.waitFor(60, TimeUnit.SECONDS)) {
					caller.destroyForcibly();
				}
			}
			assertThat(caller.exitValue()).as(output).isZero();
			assertThat(output).contains("RESULT implementation=absent", "RESULT mul=6", "RESULT scale=Point[x=3, y=6]",
					"RESULT scaleLater=Point[x=4, y=6]", "RESULT slowSquare=81",
					"RESULT line=[Point[x=0, y=0], Point[x=1, y=1]] Point", "RESULT grouped={line=[Point[x=0, y=0]]}",
					"RESULT record=done", "RESULT greet=Hello, Ada", "RESULT tenant=tenant=acme",
					"RESULT budget=within", "RESULT mulTwice=42", "RESULT fail=RemoteTaskException task-failed");
			assertThat(worker.recorded).containsExactly("from-the-other-jvm");
		}
	}

	/**
	 * This JVM's class path without the directories or jars of test classes (this
	 * module's and patio-core's, where the implementation is), plus {@code contractOnly}.
	 */
	private static String callerClassPath(Path contractOnly) throws URISyntaxException {
		List<String> entries = new ArrayList<>();
		Path implementation = Path.of(ShapesWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path ours = Path.of(ShapesCaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path path = Path.of(entry).toAbsolutePath();
			if (!path.equals(implementation.toAbsolutePath()) && !path.equals(ours.toAbsolutePath())) {
				entries.add(entry);
			}
		}
		entries.add(contractOnly.toString());
		return String.join(File.pathSeparator, entries);
	}

	private static void copyClass(Class<?> type, Path root) throws IOException {
		String resource = type.getName().replace('.', '/') + ".class";
		Path target = root.resolve(resource);
		Files.createDirectories(target.getParent());
		try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
			Files.copy(in, target);
		}
	}

	private static String logbackConfig(Path root) throws IOException {
		Path config = root.resolve("logback-caller.xml");
		Files.writeString(config, """
				<configuration>
				  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder><pattern>%level %logger{20} %msg%n</pattern></encoder>
				  </appender>
				  <root level="WARN"><appender-ref ref="out"/></root>
				</configuration>
				""");
		return config.toString();
	}

}
