package io.patio.benchmarks;

import io.patio.testsupport.Externals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import io.patio.executor.VirtualThreadPatioExecutor;
import io.patio.serializer.WireMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole suite with tiny counts, so that the harness keeps working. It asserts
 * that every scenario ran and produced a well-formed row, never how fast anything was.
 */
class BenchmarkSmokeTest {

	@Test
	void everyScenarioRunsAndWritesItsRow(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("benchmark-results.json");
		BenchmarkMain.main(new String[] { "--smoke", "--out", out.toString() });
		JsonNode results = WireMapper.json().readTree(Files.readString(out));
		assertThat(results.isArray()).isTrue();
		Set<String> names = new HashSet<>();
		for (JsonNode row : results) {
			names.add(row.get("name").stringValue());
			assertThat(row.has("inFlight")).isTrue();
			if (row.get("heapBytes").isNull()) {
				assertThat(row.get("callsPerSecond").asDouble()).as(row.toString()).isPositive();
				assertThat(row.get("p50Micros").asDouble()).isPositive();
				assertThat(row.get("p99Micros").asDouble()).isGreaterThanOrEqualTo(row.get("p50Micros").asDouble());
				assertThat(row.get("p999Micros").asDouble()).isGreaterThanOrEqualTo(row.get("p99Micros").asDouble());
			}
			else {
				assertThat(row.get("heapBytes").asLong()).isNotNegative();
			}
		}
		assertThat(names).contains("jdk-thread-pool", "patio-memory-thread-pool", "patio-memory-typed-client",
				"patio-memory-async", "patio-memory-process-pool", "patio-tcp-json", "patio-tcp-json-record",
				"patio-tcp-cbor", "patio-tcp-pickle", "netty-floor", "netty-json-floor", "grpc", "grpc-record",
				"blocking-thread-pool-4", "blocking-thread-pool-1000", "heap-calls-in-flight-caller",
				"heap-calls-in-flight-worker", "heap-per-idle-connection");
		if (Externals.python3().isPresent()) {
			assertThat(names).contains("python-process-pool");
		}
		if (VirtualThreadPatioExecutor.isSupported()) {
			assertThat(names).contains("blocking-virtual-threads");
		}
	}

}
