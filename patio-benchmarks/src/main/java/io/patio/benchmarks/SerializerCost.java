package io.patio.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.patio.broker.ResultConverter;
import io.patio.serializer.CallPayload;
import io.patio.serializer.Serializer;

/**
 * The serializers alone, no broker: the cost in nanoseconds of each step a TCP call pays
 * for its payloads (a {@code mul(6, 7)} REQUEST and its int result, a
 * {@code confirm(Order)} REQUEST and its record result), for each serializer named on the
 * command line (default {@code json pickle}), bounded as the brokers bound them, run
 * interleaved round by round so that the machine's drift hits every serializer alike.
 * <p>
 * {@code java -cp patio-benchmarks/target/patio-benchmarks.jar io.patio.benchmarks.SerializerCost [rounds] [names...]}
 */
public final class SerializerCost {

	private static final int MAX_FRAME = 16 * 1024 * 1024;

	private static final long ROUND_NANOS = 400_000_000L;

	private static volatile long sink;

	private SerializerCost() {
	}

	public static void main(String[] args) {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 8;
		List<String> names = (args.length > 1) ? Arrays.asList(args).subList(1, args.length)
				: List.of("json", "pickle");
		Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
		for (String name : names) {
			results.put(name, new LinkedHashMap<>());
		}
		for (int round = 0; round < rounds; round++) {
			for (String name : names) {
				Map<String, Supplier<Object>> steps = steps(Serializer.forName(name).boundedFor(MAX_FRAME));
				for (Map.Entry<String, Supplier<Object>> step : steps.entrySet()) {
					double nanos = measure(step.getValue());
					if (round > 0) { // the first round is warm-up
						results.get(name).computeIfAbsent(step.getKey(), (k) -> new ArrayList<>()).add(nanos);
					}
				}
			}
		}
		print(names, results);
	}

	static Map<String, Supplier<Object>> steps(Serializer serializer) {
		ResultConverter toInt = ResultConverter.of(int.class);
		ResultConverter toOrder = ResultConverter.of(BenchTasks.Order.class);
		CallPayload mul = new CallPayload("mul", Arrays.asList(6, 7), Map.of(), null, Map.of());
		CallPayload confirm = new CallPayload("confirm", Arrays.asList(BenchTasks.Order.sample()), Map.of(), null,
				Map.of());
		byte[] mulRequest = serializer.encodeCall(mul);
		byte[] mulResult = serializer.encode(42);
		byte[] confirmRequest = serializer.encodeCall(confirm);
		BenchTasks.Order confirmed = BenchTasks.Order.sample().confirmed();
		byte[] confirmResult = serializer.encode(confirmed);
		Map<String, Supplier<Object>> steps = new LinkedHashMap<>();
		steps.put("encodeCall mul", () -> serializer.encodeCall(mul));
		steps.put("decodeCall mul", () -> serializer.decodeCall(mulRequest));
		steps.put("encode 42", () -> serializer.encode(42));
		steps.put("decode 42 as int", () -> toInt.convert("mul", serializer.decode(mulResult)));
		steps.put("encodeCall confirm", () -> serializer.encodeCall(confirm));
		steps.put("decodeCall confirm", () -> serializer.decodeCall(confirmRequest));
		steps.put("encode Order", () -> serializer.encode(confirmed));
		steps.put("decode Order", () -> toOrder.convert("confirm", serializer.decode(confirmResult)));
		steps.put("mul, all four", () -> {
			serializer.decodeCall(serializer.encodeCall(mul));
			return toInt.convert("mul", serializer.decode(serializer.encode(42)));
		});
		return steps;
	}

	private static double measure(Supplier<Object> step) {
		long count = 0;
		long hash = 0;
		long start = System.nanoTime();
		long elapsed;
		do {
			for (int i = 0; i < 1000; i++) {
				hash += System.identityHashCode(step.get());
			}
			count += 1000;
			elapsed = System.nanoTime() - start;
		}
		while (elapsed < ROUND_NANOS);
		sink += hash;
		return (double) elapsed / count;
	}

	private static void print(List<String> names, Map<String, Map<String, List<Double>>> results) {
		StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "step (median ns/op)"));
		for (String name : names) {
			header.append(String.format(Locale.ROOT, "%12s", name));
		}
		if (names.size() == 2) {
			header.append(String.format(Locale.ROOT, "%12s", names.get(1) + "/" + names.get(0)));
		}
		System.out.println(header);
		for (String step : results.get(names.get(0)).keySet()) {
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", step));
			double[] medians = new double[names.size()];
			for (int i = 0; i < names.size(); i++) {
				medians[i] = median(results.get(names.get(i)).get(step));
				line.append(String.format(Locale.ROOT, "%12.0f", medians[i]));
			}
			if (names.size() == 2) {
				line.append(String.format(Locale.ROOT, "%11.2f×", medians[1] / medians[0]));
			}
			System.out.println(line);
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

}
