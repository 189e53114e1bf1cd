package io.patio.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.patio.serializer.WireMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * Runs the benchmark suite and writes {@code target/benchmark-results.json}.
 * <p>
 * Modes: full (default: long warm-up, three runs (five in memory), the median reported),
 * {@code --quick} (about seven minutes on two cores) and {@code --smoke} (tiny counts,
 * for CI: it checks the harness works and measures nothing worth reading).
 * {@code --only a,b} runs the scenarios whose names start with one of the prefixes (or,
 * with a trailing {@code $}, are exactly that name); {@code --out FILE} writes elsewhere.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		Mode mode = Mode.FULL;
		Path out = defaultOutput();
		List<String> only = List.of();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> mode = Mode.QUICK;
				case "--smoke" -> mode = Mode.SMOKE;
				case "--full" -> mode = Mode.FULL;
				case "--out" -> out = Path.of(args[++i]);
				case "--only" -> only = Arrays.asList(args[++i].split(","));
				case "--help", "-h" -> {
					System.out.println(
							"Usage: java -jar patio-benchmarks.jar [--full | --quick | --smoke] [--only a,b] [--out FILE]");
					System.out.println("  --full   5 s warm-up, 5 s window, median of 3 runs (5 in memory) (default);");
					System.out.println("           each TCP run in new JVMs, which call for 10 s before the first row");
					System.out.println("  --quick  2.5 s warm-up, 1.5 s window, 1 run: about 7 minutes on 2 cores");
					System.out.println(
							"  --smoke  tiny counts: checks that the harness works, measures nothing worth reading");
					System.out.println(
							"  --only   the scenarios whose names start with one of the prefixes; name$ for exactly that name");
					System.out
						.println("  --out    where to write the JSON results (a Markdown table is written beside it)");
					return;
				}
				default -> throw new IllegalArgumentException(
						"Unknown option " + args[i] + "; use --quick, --smoke, --full, --only a,b, --out FILE");
			}
		}
		List<Result> results = new Suite(mode, only).run();
		print(results, mode);
		write(results, out);
		Path markdown = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
		Files.writeString(markdown, markdown(results, mode));
		System.out.println("Wrote " + out.toAbsolutePath() + " and " + markdown.getFileName());
	}

	/**
	 * {@code benchmark-results.json} beside the harness's jar, i.e. in
	 * {@code patio-benchmarks/target}.
	 */
	private static Path defaultOutput() throws Exception {
		Path code = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path target = Files.isDirectory(code) ? code.getParent() : code.getParent();
		return target.resolve("benchmark-results.json");
	}

	static void write(List<Result> results, Path out) throws IOException {
		if (out.getParent() != null) {
			Files.createDirectories(out.getParent());
		}
		Files.writeString(out,
				WireMapper.json().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
	}

	/** The results as the Markdown table of {@code docs/benchmarks.md}. */
	static String markdown(List<Result> results, Mode mode) {
		StringBuilder table = new StringBuilder();
		table.append("| scenario (")
			.append(mode.label)
			.append(") | conns | in flight | calls/s | p50 µs | p99 µs | p99.9 µs | heap |\n");
		table.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Result r : results) {
			if (r.heapBytes() != null) {
				table.append(String.format(Locale.ROOT, "| %s | %d | %d | | | | | %.1f KiB |%n", r.name(),
						r.connections(), r.inFlight(), r.heapBytes() / 1024.0));
			}
			else {
				table.append(String.format(Locale.ROOT, "| %s | %d | %d | %,.0f | %.1f | %.1f | %.1f | |%n", r.name(),
						r.connections(), r.inFlight(), r.callsPerSecond(), r.p50Micros(), r.p99Micros(),
						r.p999Micros()));
			}
		}
		return table.toString();
	}

	static void print(List<Result> results, Mode mode) {
		System.out.printf(Locale.ROOT, "%n%-28s %5s %8s %14s %10s %10s %10s %12s%n", "scenario (" + mode.label + ")",
				"conns", "inFlight", "calls/s", "p50 µs", "p99 µs", "p99.9 µs", "heap");
		for (Result r : results) {
			if (r.heapBytes() != null) {
				System.out.printf(Locale.ROOT, "%-28s %5d %8d %14s %10s %10s %10s %12s%n", r.name(), r.connections(),
						r.inFlight(), "", "", "", "", String.format(Locale.ROOT, "%.1f KiB", r.heapBytes() / 1024.0));
				continue;
			}
			System.out.printf(Locale.ROOT, "%-28s %5d %8d %14.0f %10.1f %10.1f %10.1f %12s%n", r.name(),
					r.connections(), r.inFlight(), r.callsPerSecond(), r.p50Micros(), r.p99Micros(), r.p999Micros(),
					"");
		}
	}

	/** How long to warm up and measure, and how many runs to take the median of. */
	enum Mode {

		FULL("full", Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 3, true),
		QUICK("quick", Duration.ofMillis(2500), Duration.ofMillis(1500), Duration.ofSeconds(1), 1, true),
		SMOKE("smoke", Duration.ofMillis(200), Duration.ofMillis(300), Duration.ZERO, 1, false);

		final String label;

		final Duration warmup;

		final Duration window;

		/**
		 * How long the new JVMs of a TCP scenario's run call before its first row's own
		 * warm-up.
		 */
		final Duration preWarm;

		final int runs;

		final boolean allLevels;

		Mode(String label, Duration warmup, Duration window, Duration preWarm, int runs, boolean allLevels) {
			this.label = label;
			this.warmup = warmup;
			this.window = window;
			this.preWarm = preWarm;
			this.runs = runs;
			this.allLevels = allLevels;
		}

	}

	/** One row of the results. */
	record Result(String name, int connections, int inFlight, double callsPerSecond, double p50Micros, double p99Micros,
			double p999Micros, Long heapBytes) {

		/** The run with the median throughput among repeated runs. */
		static Result median(List<Result> runs) {
			List<Result> sorted = new ArrayList<>(runs);
			sorted.sort(Comparator.comparingDouble(Result::callsPerSecond));
			return sorted.get(sorted.size() / 2);
		}

	}

}
