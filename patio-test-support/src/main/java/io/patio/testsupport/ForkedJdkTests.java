package io.patio.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes in a JVM of another JDK, with this test run's class path: how the
 * build, which runs on Java 17, tests the code that needs a later Java (virtual threads
 * need 21). The test classes guard themselves with
 * {@code @EnabledForJreRange(min = JAVA_21)}, so that in the build's own JVM they are
 * skipped, and the test that forks them is the one that passes or fails.
 * <p>
 * {@link #requireJdk25()} finds the JDK 25 installed next to the default 17 and, like
 * every external, skips the calling test when it is missing, or fails it where
 * {@code PATIO_REQUIRE_EXTERNALS=true}.
 */
public final class ForkedJdkTests {

	/** The JDK 25 installed next to 17 ({@code PATIO_TEST_JDK25} overrides it). */
	public static final Path DEFAULT_JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	private static final String SUMMARY = "FORKED-SUMMARY";

	private static final Pattern SUMMARY_LINE = Pattern
		.compile(SUMMARY + " found=(\\d+) succeeded=(\\d+) failed=(\\d+) aborted=(\\d+) skipped=(\\d+)");

	private ForkedJdkTests() {
	}

	/**
	 * The home of the JDK 25: {@code PATIO_TEST_JDK25} or {@link #DEFAULT_JDK25}.
	 * Missing: the calling test is skipped, or fails where externals are required.
	 */
	public static Path requireJdk25() {
		String configured = System.getenv("PATIO_TEST_JDK25");
		Path home = (configured != null && !configured.isBlank()) ? Path.of(configured) : DEFAULT_JDK25;
		Externals.assume(Files.isExecutable(home.resolve("bin").resolve("java")),
				"needs a JDK 25 at " + home + " (set PATIO_TEST_JDK25 to its home directory)");
		return home;
	}

	/**
	 * Runs the test classes with the JDK at {@code javaHome}, in the working directory
	 * and with the class path of this JVM, and waits for them (at most 10 minutes).
	 */
	public static Result run(Path javaHome, Class<?>... testClasses) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.add("-Xmx512m");
		command.add("-cp");
		// Surefire runs tests from a manifest-only jar; it names the real class path here
		command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		command.add(ForkedJdkTests.class.getName());
		Arrays.stream(testClasses).map(Class::getName).forEach(command::add);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
		if (!process.waitFor(10, TimeUnit.MINUTES)) {
			process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			throw new AssertionError("The tests forked on " + javaHome + " did not finish within 10 minutes:\n"
					+ output.getNow("(no output yet)"));
		}
		String printed = output.join();
		Matcher summary = SUMMARY_LINE.matcher(printed);
		if (!summary.find()) {
			throw new AssertionError("The tests forked on " + javaHome + " exited with " + process.exitValue()
					+ " and printed no summary:\n" + printed);
		}
		return new Result(process.exitValue(), Long.parseLong(summary.group(1)), Long.parseLong(summary.group(2)),
				Long.parseLong(summary.group(3)), Long.parseLong(summary.group(4)), Long.parseLong(summary.group(5)),
				printed);
	}

	private static String readAll(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(output lost: " + ex + ")";
		}
	}

	/**
	 * The forked JVM's entry point: runs the named test classes, prints JUnit's summary,
	 * the failures and a {@value #SUMMARY} line, and exits with 1 when a test failed or
	 * none ran.
	 * @param args the names of the test classes
	 */
	public static void main(String[] args) {
		LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
		for (String name : args) {
			request.selectors(DiscoverySelectors.selectClass(name));
		}
		LauncherDiscoveryRequest discovery = request.build();
		Launcher launcher = LauncherFactory.create();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		launcher.execute(discovery, listener);
		TestExecutionSummary summary = listener.getSummary();
		PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
		out.println("Java " + Runtime.version());
		summary.printTo(out);
		summary.printFailuresTo(out, 30);
		out.println(SUMMARY + " found=" + summary.getTestsFoundCount() + " succeeded="
				+ summary.getTestsSucceededCount() + " failed=" + summary.getTotalFailureCount() + " aborted="
				+ summary.getTestsAbortedCount() + " skipped=" + summary.getTestsSkippedCount());
		out.flush();
		System.exit((summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() == 0) ? 1 : 0);
	}

	/**
	 * What a forked run reported.
	 *
	 * @param exitCode the forked JVM's exit code: 0 when no test failed and one passed
	 * @param found the tests found
	 * @param succeeded the tests that passed
	 * @param failed the failures, containers included
	 * @param aborted the tests whose assumptions failed
	 * @param skipped the tests disabled, for instance by their JRE range
	 * @param output everything the forked JVM printed
	 */
	public record Result(int exitCode, long found, long succeeded, long failed, long aborted, long skipped,
			String output) {

		/** Fails, with the forked run's output, unless every test found passed. */
		public void assertAllPassed() {
			if (this.exitCode != 0 || this.failed != 0 || this.succeeded == 0 || this.succeeded != this.found) {
				throw new AssertionError("Of " + this.found + " tests forked, " + this.succeeded + " passed, "
						+ this.failed + " failed, " + this.aborted + " aborted, " + this.skipped
						+ " skipped (exit code " + this.exitCode + "):\n" + this.output);
			}
		}

	}

}
