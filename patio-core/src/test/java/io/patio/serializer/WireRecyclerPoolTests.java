package io.patio.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import tools.jackson.core.util.BufferRecycler;

/**
 * {@link WireRecyclerPool}: one recycler per platform thread, reused by that thread only,
 * and the wire mapper working on it from many threads at once and nested on one.
 */
class WireRecyclerPoolTests {

	@Test
	void aPlatformThreadReusesItsOwnRecycler() throws Exception {
		assertThat(WireRecyclerPool.onVirtualThread()).isFalse();
		BufferRecycler mine = WireRecyclerPool.INSTANCE.acquireAndLinkPooled();
		assertThat(WireRecyclerPool.INSTANCE.acquireAndLinkPooled()).isSameAs(mine);
		BufferRecycler other = CompletableFuture.supplyAsync(WireRecyclerPool.INSTANCE::acquireAndLinkPooled)
			.get(10, TimeUnit.SECONDS);
		assertThat(other).isNotSameAs(mine);
	}

	@Test
	void threadsEncodingAndDecodingAtOnceGetTheirOwnValuesBack() throws Exception {
		int threads = 8;
		CyclicBarrier start = new CyclicBarrier(threads);
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
		for (int t = 0; t < threads; t++) {
			int id = t;
			runs.add(CompletableFuture.runAsync(() -> {
				try {
					start.await(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				for (int i = 0; i < 2_000; i++) {
					String text = "thread " + id + " call " + i + " " + "x".repeat(i % 300);
					// a value whose serialization reads a tree: a parser inside a
					// generator's run, on one thread
					Map<String, Object> value = Map.of("text", text, "nested",
							WireMapper.json().readTree("{\"i\":" + i + ",\"s\":\"" + text + "\"}"));
					byte[] bytes = WireMapper.json().writeValueAsBytes(value);
					assertThat(WireMapper.json().readTree(bytes).get("text").stringValue()).isEqualTo(text);
					assertThat(WireMapper.json().readTree(bytes).get("nested").get("s").stringValue()).isEqualTo(text);
				}
			}, pool));
		}
		try {
			CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
