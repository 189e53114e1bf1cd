package io.patio.serializer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The serializers that modules on the class path provide through {@link ServiceLoader},
 * by name: what {@link Serializer#forName(String)} finds beyond the built-in JSON one.
 */
final class SerializerCatalog {

	/**
	 * The serializers patio's own modules provide, and the artifact that has each, in
	 * name order (messages list them in it).
	 */
	private static final Map<String, String> KNOWN = new java.util.TreeMap<>(
			Map.of("cbor", "io.patio:patio-tcp", "pickle", "io.patio:patio-pickle"));

	/** Loaded on first use, with the class loader that loaded patio. */
	private static volatile Map<String, Serializer> loaded;

	private SerializerCatalog() {
	}

	static Serializer find(String name) {
		String key = name.toLowerCase(Locale.ROOT);
		Map<String, Serializer> byName = loaded;
		if (byName == null) {
			byName = load(Serializer.class.getClassLoader());
			loaded = byName;
		}
		Serializer found = byName.get(key);
		if (found == null) {
			found = load(Thread.currentThread().getContextClassLoader()).get(key);
		}
		if (found != null) {
			return found;
		}
		String artifact = KNOWN.get(key);
		if (artifact != null) {
			throw new IllegalArgumentException("Serializer '" + name + "' is provided by " + artifact
					+ ", which is not on the class path; add it");
		}
		TreeSet<String> valid = new TreeSet<>(byName.keySet());
		valid.add("json");
		StringBuilder message = new StringBuilder("Unknown serializer '").append(name)
			.append("'; use one of ")
			.append(valid);
		KNOWN.forEach((other, from) -> {
			if (!valid.contains(other)) {
				message.append(", or '").append(other).append("' with ").append(from);
			}
		});
		throw new IllegalArgumentException(message.toString());
	}

	private static Map<String, Serializer> load(ClassLoader loader) {
		Map<String, Serializer> byName = new LinkedHashMap<>();
		if (loader == null) {
			return byName;
		}
		try {
			for (Serializer serializer : ServiceLoader.load(Serializer.class, loader)) {
				byName.putIfAbsent(serializer.getName().toLowerCase(Locale.ROOT), serializer);
			}
		}
		catch (ServiceConfigurationError ex) {
			throw new IllegalStateException("A serializer on the class path cannot be loaded: " + ex.getMessage(), ex);
		}
		return byName;
	}

}
