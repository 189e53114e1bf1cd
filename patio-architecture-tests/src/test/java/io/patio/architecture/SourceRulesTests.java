package io.patio.architecture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules on the main sources of every module of the reactor (the {@code src/main/java} of
 * each folder under its root), which the compiler does not check:
 * <ul>
 * <li>every package has exactly one {@code package-info.java}, with a Javadoc and
 * {@code @NullMarked}; a package that several modules share (patio-jcstress borrows
 * core's and TCP's for package-private access) has it in one of them, the one that owns
 * it;</li>
 * <li>a source file over {@value #MAX_LINES} lines says at its top why, with a comment
 * that starts {@value #SIZE_REASON}.</li>
 * </ul>
 */
class SourceRulesTests {

	static final int MAX_LINES = 400;

	static final String SIZE_REASON = "// Longer than 400 lines because";

	/**
	 * Files over the limit without a reason, each being split by work in progress. When
	 * one is split or given a reason, remove it here: the test fails on an exception that
	 * no longer applies, so this list only shrinks.
	 */
	private static final Set<String> LONG_WITHOUT_REASON = Set.of();

	private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

	/** The reactor's root: this module's parent folder. */
	private final Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();

	@Test
	void everyPackageHasOnePackageInfoWithAJavadocAndNullMarked() throws IOException {
		Map<String, List<Path>> sourcesByPackage = new TreeMap<>();
		Map<String, List<Path>> infosByPackage = new TreeMap<>();
		for (Path file : mainSources()) {
			String name = packageOf(file);
			if (file.getFileName().toString().equals("package-info.java")) {
				infosByPackage.computeIfAbsent(name, (key) -> new ArrayList<>()).add(file);
			}
			else {
				sourcesByPackage.computeIfAbsent(name, (key) -> new ArrayList<>()).add(file);
			}
		}
		assertThat(sourcesByPackage).as("packages found").isNotEmpty();
		List<String> problems = new ArrayList<>();
		sourcesByPackage.forEach((name, sources) -> {
			List<Path> infos = infosByPackage.getOrDefault(name, List.of());
			if (infos.isEmpty()) {
				problems
					.add(name + " has no package-info.java (" + this.root.relativize(sources.get(0).getParent()) + ")");
			}
			else if (infos.size() > 1) {
				problems.add(name + " has " + infos.size() + " package-info.java: "
						+ infos.stream().map(this.root::relativize).toList());
			}
		});
		infosByPackage.forEach((name, infos) -> infos.forEach((info) -> {
			String text = read(info);
			if (!text.contains("@NullMarked") || !text.contains("org.jspecify.annotations.NullMarked")) {
				problems.add(this.root.relativize(info) + " lacks @org.jspecify.annotations.NullMarked");
			}
			if (!text.stripLeading().startsWith("/**")) {
				problems.add(this.root.relativize(info) + " has no Javadoc before its package declaration");
			}
		}));
		assertThat(problems).as("package-info rules").isEmpty();
	}

	@Test
	void aSourceFileOverTheLimitSaysWhyAtItsTop() throws IOException {
		List<String> problems = new ArrayList<>();
		List<String> stale = new ArrayList<>();
		for (Path file : mainSources()) {
			String relative = this.root.relativize(file).toString().replace('\\', '/');
			String text = read(file);
			long lines = text.lines().count();
			boolean tooLong = lines > MAX_LINES;
			boolean excepted = LONG_WITHOUT_REASON.contains(relative);
			if (tooLong && !excepted && !top(text).contains(SIZE_REASON)) {
				problems.add(relative + " has " + lines + " lines: split it, or say why at its top with a comment"
						+ " that starts '" + SIZE_REASON + "'");
			}
			if (excepted && (!tooLong || top(text).contains(SIZE_REASON))) {
				stale.add(relative);
			}
		}
		assertThat(problems).as("long source files").isEmpty();
		assertThat(stale).as("exceptions that no longer apply; remove them from LONG_WITHOUT_REASON").isEmpty();
	}

	/** What comes before the first type declaration. */
	private static String top(String text) {
		Matcher declaration = Pattern
			.compile("^(public |final |abstract |sealed )*(class|interface|enum|record|@interface) ", Pattern.MULTILINE)
			.matcher(text);
		return declaration.find() ? text.substring(0, declaration.start()) : text;
	}

	private List<Path> mainSources() throws IOException {
		List<Path> sources = new ArrayList<>();
		try (Stream<Path> modules = Files.list(this.root)) {
			for (Path module : modules.filter((dir) -> Files.isDirectory(dir.resolve("src/main/java"))).toList()) {
				try (Stream<Path> walk = Files.walk(module.resolve("src/main/java"))) {
					walk.filter((path) -> path.toString().endsWith(".java")).forEach(sources::add);
				}
			}
		}
		return sources;
	}

	private static String packageOf(Path file) {
		Matcher matcher = PACKAGE.matcher(read(file));
		return matcher.find() ? matcher.group(1) : "(default package)";
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

}
