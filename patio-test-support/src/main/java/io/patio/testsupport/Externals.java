package io.patio.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from outside the JVM, and what happens when it is missing. On a
 * developer's machine such a test is skipped, with a message that says what is missing
 * and how to get it. Where {@code PATIO_REQUIRE_EXTERNALS=true} ({@code .ci/run} sets it)
 * the same test fails instead: a skipped interop test is not a passed one.
 * <p>
 * {@code ../shared} is found beside the reactor's root (the folder holding {@code .ci}
 * and the parent {@code pom.xml}), never relative to the module a test runs in, because
 * Surefire runs each module's tests in that module's own folder.
 */
public final class Externals {

	/** The environment variable that makes a missing external fail the build. */
	public static final String REQUIRE = "PATIO_REQUIRE_EXTERNALS";

	private Externals() {
	}

	/** Whether this run must fail, not skip, when an external is missing. */
	public static boolean required() {
		return "true".equalsIgnoreCase(System.getenv(REQUIRE));
	}

	/**
	 * Skips the calling test with {@code message}, or fails it where externals are
	 * required, unless {@code present}.
	 */
	public static void assume(boolean present, String message) {
		if (!present && required()) {
			throw new AssertionError(message + " (" + REQUIRE + "=true: missing externals fail this build)");
		}
		Assumptions.assumeTrue(present, message);
	}

	/**
	 * The reactor's root: the nearest folder up from the working one with
	 * {@code .ci/run}.
	 */
	public static Path reactorRoot() {
		Path dir = Paths.get("").toAbsolutePath();
		for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
			if (Files.isRegularFile(candidate.resolve(".ci/run"))
					&& Files.isRegularFile(candidate.resolve("pom.xml"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No reactor root (a folder with .ci/run) above " + dir);
	}

	/** {@code ../shared} beside the reactor's root, when it is there. */
	public static Optional<Path> shared() {
		Path shared = reactorRoot().resolveSibling("shared").normalize();
		return Files.isDirectory(shared) ? Optional.of(shared) : Optional.empty();
	}

	/**
	 * A folder under {@code ../shared}, or the test is skipped (failed in CI) with a
	 * message naming the path it looked for.
	 */
	public static Path requireShared(String relative) {
		Path expected = reactorRoot().resolveSibling("shared").resolve(relative).normalize();
		assume(Files.isDirectory(expected) || Files.isRegularFile(expected),
				"needs " + expected + " (the shared folder beside the project's clone)");
		return expected;
	}

	/**
	 * Debian's {@code /usr/bin/python3} when it exists (it sees Debian's packages, such
	 * as {@code python3-aio-pika}), otherwise the first {@code python3} on the path; the
	 * test is skipped (failed in CI) when there is none of at least version 3.8.
	 */
	public static Path requirePython3() {
		Optional<Path> python = python3();
		assume(python.isPresent(), "needs python3 (3.8 or later): install it, e.g. apt-get install python3");
		return python.get();
	}

	/** The python3 {@link #requirePython3()} would use, if any. */
	public static Optional<Path> python3() {
		Path debian = Paths.get("/usr/bin/python3");
		if (Files.isExecutable(debian) && answers(debian.toString())) {
			return Optional.of(debian);
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(java.io.File.pathSeparator)) {
				Path candidate = Paths.get(dir, "python3");
				if (Files.isExecutable(candidate) && answers(candidate.toString())) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether {@code python} imports {@code module} (for instance {@code aio_pika}).
	 */
	public static boolean pythonHas(Path python, String module) {
		return run(python.toString(), "-c", "import " + module);
	}

	private static boolean answers(String python) {
		return run(python, "-c", "import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)");
	}

	private static boolean run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
