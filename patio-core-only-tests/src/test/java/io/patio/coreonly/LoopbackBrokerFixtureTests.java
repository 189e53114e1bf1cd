package io.patio.coreonly;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import io.patio.broker.MemoryBroker;
import io.patio.broker.PatioBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A user's module outside the reactor, {@code src/it/loopback-broker}, adds the broker
 * type {@code loopback} with nothing but patio's public API: it is compiled here against
 * the reactor's classes, as its own build would compile it against patio's jars, put on
 * the class path of a Spring Boot application, and chosen with
 * {@code patio.broker.type=loopback}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoopbackBrokerFixtureTests {

	private static final Path FIXTURE = Path.of(System.getProperty("basedir", ".")).resolve("src/it/loopback-broker");

	private static URLClassLoader fixture;

	@BeforeAll
	static void compileTheFixture() throws IOException {
		Path classes = Path.of(System.getProperty("basedir", "."), "target", "it", "loopback-broker", "classes");
		compile(FIXTURE.resolve("src/main/java"), classes);
		copy(FIXTURE.resolve("src/main/resources"), classes);
		fixture = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				LoopbackBrokerFixtureTests.class.getClassLoader());
	}

	@AfterAll
	static void closeTheFixture() throws IOException {
		fixture.close();
	}

	@Test
	void theUsersBrokerIsChosenByItsName() throws Exception {
		try (ConfigurableApplicationContext context = application().run("--patio.broker.type=loopback")) {
			PatioBroker broker = context.getBean(PatioBroker.class);
			assertThat(broker.getClass().getName()).isEqualTo("com.example.loopback.LoopbackBroker");
			assertThat(broker.getClass().getClassLoader()).isSameAs(fixture);
			assertThat(broker.getType()).isEqualTo("loopback");
			assertThat(broker.isRunning()).isTrue();
			assertThat(broker.call("add", Integer.class, 20, 22).get(30, TimeUnit.SECONDS)).isEqualTo(42);
			assertThat(broker.getClass().getMethod("getDelivered").invoke(broker)).isEqualTo(1L);
		}
	}

	@Test
	void withoutThePropertyTheMemoryBrokerStaysTheDefault() {
		try (ConfigurableApplicationContext context = application().run()) {
			assertThat(context.getBean(PatioBroker.class)).isInstanceOf(MemoryBroker.class);
		}
	}

	@Test
	void aTypoListsTheUsersTypeWithItsArtifact(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application().run("--patio.broker.type=lopback"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"No module on the class path provides patio.broker.type=lopback.",
				"loopback (com.example:patio-loopback-broker)");
	}

	/** The user's application, with the fixture's jar on its class path. */
	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(new DefaultResourceLoader(fixture), AddingTasks.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	private static void compile(Path sources, Path classes) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		assertThat(compiler).as("a JDK's compiler").isNotNull();
		List<File> files;
		try (Stream<Path> walk = Files.walk(sources)) {
			files = walk.filter((path) -> path.toString().endsWith(".java")).map(Path::toFile).toList();
		}
		Files.createDirectories(classes);
		// surefire names the test class path here; its own java.class.path is one
		// manifest jar
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> options = new ArrayList<>(List.of("--release", "17", "-proc:none", "-Xlint:all", "-classpath",
				classPath, "-d", classes.toString()));
		StringWriter diagnostics = new StringWriter();
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, null)) {
			Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromFiles(files);
			boolean compiled = compiler.getTask(diagnostics, fileManager, null, options, null, units).call();
			assertThat(compiled).as("the fixture compiles against patio's public API:%n%s", diagnostics).isTrue();
		}
	}

	private static void copy(Path resources, Path classes) throws IOException {
		try (Stream<Path> walk = Files.walk(resources)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				Path target = classes.resolve(resources.relativize(file).toString());
				Files.createDirectories(target.getParent());
				Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

}
