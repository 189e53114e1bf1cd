package io.patio.executor.process;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What differs between the parent's task names and those a worker advertised: a worker
 * whose names differ is refused, with this difference in the message.
 */
final class RegistryDifference {

	private RegistryDifference() {
	}

	/**
	 * {@code missing [..], extra [..]}, and with a strict registry the generated names
	 * whose bytecode digest differs; {@code null} when they are the same.
	 */
	static String between(Set<String> parent, Set<String> worker, boolean strict) {
		if (parent.equals(worker)) {
			return null;
		}
		Set<String> missing = new TreeSet<>(parent);
		missing.removeAll(worker);
		Set<String> extra = new TreeSet<>(worker);
		extra.removeAll(parent);
		List<String> digests = strict ? differentDigests(missing, extra) : List.of();
		StringBuilder message = new StringBuilder("worker registry differs from the parent's:");
		String separator = " ";
		if (!missing.isEmpty()) {
			message.append(separator).append("missing ").append(missing);
			separator = ", ";
		}
		if (!extra.isEmpty()) {
			message.append(separator).append("extra ").append(extra);
			separator = ", ";
		}
		if (!digests.isEmpty()) {
			message.append(separator).append("different bytecode digest ").append(digests);
		}
		message.append(". The worker must build the same tasks: it gets the parent's command-line arguments,"
				+ " -D properties and active profiles, but not properties set in code");
		return message.toString();
	}

	/**
	 * Takes out of {@code missing} and {@code extra} the generated names that differ only
	 * by their digest (the part after the last dot), and names each pair.
	 */
	private static List<String> differentDigests(Set<String> missing, Set<String> extra) {
		List<String> digests = new ArrayList<>();
		for (Iterator<String> names = missing.iterator(); names.hasNext();) {
			String name = names.next();
			int dot = name.lastIndexOf('.');
			if (dot <= 0) {
				continue;
			}
			String method = name.substring(0, dot + 1);
			String other = extra.stream()
				.filter((candidate) -> candidate.startsWith(method) && candidate.indexOf('.', dot + 1) < 0)
				.findFirst()
				.orElse(null);
			if (other != null) {
				digests.add(name.substring(0, dot) + " (parent " + name.substring(dot + 1) + ", worker "
						+ other.substring(dot + 1) + ")");
				names.remove();
				extra.remove(other);
			}
		}
		return digests;
	}

}
