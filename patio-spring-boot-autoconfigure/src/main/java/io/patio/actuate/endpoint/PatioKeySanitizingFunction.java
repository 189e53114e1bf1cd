package io.patio.actuate.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.patio.executor.process.WorkerEnvironment;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Keeps the shared key ({@code patio.broker.tcp.key}) out of {@code /actuator/env} and
 * {@code /actuator/configprops} (and every other endpoint that sanitizes with
 * {@link SanitizingFunction}s), also when they are told to show values
 * ({@code management.endpoint.env.show-values=always} and the like):
 * <ul>
 * <li>a property whose name is the key's, in any relaxed form and in any property source
 * ({@code patio.broker.tcp.key}, {@code PATIO_BROKER_TCP_KEY},
 * {@code patio.broker.tcp.key[0]}, ...), shows as
 * {@value SanitizableData#SANITIZED_VALUE};
 * <li>in any other value that contains the key's text ({@code sun.java.command} when the
 * key was passed on the command line, an environment variable that a placeholder such as
 * {@code ${PATIO_KEY}} refers to, {@code SPRING_APPLICATION_JSON}, JVM options...), that
 * text is replaced by {@value SanitizableData#SANITIZED_VALUE} and the rest is shown;
 * <li>but when that text is shorter than {@value #MIN_PARTIAL_MASK_LENGTH} characters,
 * the whole value shows as {@value SanitizableData#SANITIZED_VALUE}: where a short key
 * such as {@code prod} or {@code 1} is masked inside public values ({@code java.version},
 * paths) would reveal it.
 * </ul>
 * The key's text is every value the key has in any property source (placeholders
 * resolved), and the bound value. These texts are computed once and reused while the
 * environment's property sources (by identity), the value each of them has for
 * {@code patio.broker.tcp.key} (a placeholder resolved) and the bound key stay the same:
 * a property source added, removed or replaced at runtime, or a key changed in a mutable
 * one, is seen at the next value; a value costs one look-up of the key per property
 * source instead of a walk over every relaxed form in every source. It runs before every
 * other sanitizing function; where it only replaces part of a value, it passes the result
 * on to the others, so that a function of the application that hides more (such as all of
 * {@code sun.java.command}) still does.
 */
public final class PatioKeySanitizingFunction implements SanitizingFunction, Ordered {

	/** The property that holds the key. */
	public static final String KEY_PROPERTY = "patio.broker.tcp.key";

	/**
	 * Keys shorter than this many characters mask the whole value that contains them, not
	 * only their text.
	 */
	public static final int MIN_PARTIAL_MASK_LENGTH = 12;

	private static final ConfigurationPropertyName KEY = ConfigurationPropertyName.of(KEY_PROPERTY);

	/** The secrets last computed, and what they were computed from. */
	private volatile Secrets cache;

	private final Environment environment;

	private final Supplier<String> boundKey;

	private final Supplier<? extends Iterable<SanitizingFunction>> functions;

	/**
	 * @param environment where the key's values are looked up
	 * @param boundKey the key as bound (may return {@code null})
	 * @param functions all sanitizing functions of the application, this one included;
	 * the others are applied after a partial replacement
	 */
	public PatioKeySanitizingFunction(Environment environment, Supplier<String> boundKey,
			Supplier<? extends Iterable<SanitizingFunction>> functions) {
		this.environment = environment;
		this.boundKey = boundKey;
		this.functions = functions;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		if (isKeyProperty(data.getKey())) {
			return data.withSanitizedValue();
		}
		String text = textOf(data.getValue());
		if (text == null) {
			return data;
		}
		String masked = text;
		for (String secret : secrets()) {
			if (secret.length() < MIN_PARTIAL_MASK_LENGTH && text.contains(secret)) {
				// where a short key is masked would tell what it is
				return data.withSanitizedValue();
			}
			masked = masked.replace(secret, SanitizableData.SANITIZED_VALUE);
		}
		if (masked.equals(text)) {
			return data;
		}
		// Boot stops at the first function that changes a value: give the others their
		// turn
		SanitizableData replaced = data.withValue(masked);
		return replaced.withValue(new Sanitizer(others()).sanitize(replaced, true));
	}

	/**
	 * Whether {@code name} is the key's property in one of its relaxed forms: dotted,
	 * environment-variable style, any case, or indexed below it.
	 */
	static boolean isKeyProperty(String name) {
		if (name == null || name.isBlank()) {
			return false;
		}
		return WorkerEnvironment.KEY.equalsIgnoreCase(name) || matches(ConfigurationPropertyName.adapt(name, '.'))
				|| matches(ConfigurationPropertyName.adapt(name.toUpperCase(Locale.ROOT), '_'));
	}

	private static boolean matches(ConfigurationPropertyName name) {
		return KEY.equals(name) || KEY.isAncestorOf(name);
	}

	/** The text of a scalar value; {@code null} for anything else. */
	private static String textOf(Object value) {
		if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Character) {
			return String.valueOf(value);
		}
		return null;
	}

	/**
	 * Every text the key has anywhere, longest first (a key may contain another);
	 * computed again only when {@link #validity() what it depends on} changed.
	 */
	private List<String> secrets() {
		Object[] validity = validity();
		Secrets cached = this.cache;
		if (cached != null && cached.isValidFor(validity)) {
			return cached.texts();
		}
		Secrets computed = new Secrets(validity, computeSecrets());
		this.cache = computed;
		return computed.texts();
	}

	/**
	 * A cheap picture of what the secrets depend on: the bound key, then each property
	 * source of the environment and the raw value it has for the key (one lookup each),
	 * resolved when it is a placeholder.
	 */
	private Object[] validity() {
		List<Object> validity = new ArrayList<>();
		validity.add(this.boundKey.get());
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				validity.add(source);
				if (source.getSource() instanceof Iterable<?>) {
					// Boot's attached view of all the others: already covered by them
					continue;
				}
				try {
					Object raw = source.getProperty(KEY_PROPERTY);
					validity.add(raw);
					if (raw != null && String.valueOf(raw).contains("${")) {
						// what the placeholder points to may change on its own
						validity.add(configurable.resolvePlaceholders(String.valueOf(raw)));
					}
				}
				catch (RuntimeException unreadable) {
					validity.add(unreadable.getClass());
				}
			}
		}
		else {
			try {
				validity.add(this.environment.getProperty(KEY_PROPERTY));
			}
			catch (RuntimeException unresolvable) {
				validity.add(unresolvable.getClass());
			}
		}
		return validity.toArray();
	}

	private List<String> computeSecrets() {
		TreeSet<String> secrets = new TreeSet<>(
				Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
		add(secrets, this.boundKey.get());
		try {
			add(secrets, this.environment.getProperty(KEY_PROPERTY));
		}
		catch (RuntimeException unresolvable) {
			// a placeholder that does not resolve: the raw values below still count
		}
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
				ConfigurationProperty property = source.getConfigurationProperty(KEY);
				if (property != null && property.getValue() != null) {
					String raw = String.valueOf(property.getValue());
					add(secrets, configurable.resolvePlaceholders(raw));
					if (!raw.contains("${")) {
						add(secrets, raw);
					}
				}
			}
		}
		return List.copyOf(secrets);
	}

	private static void add(TreeSet<String> secrets, String secret) {
		if (secret != null && !secret.isBlank() && !secret.equals(SanitizableData.SANITIZED_VALUE)) {
			secrets.add(secret);
		}
	}

	private List<SanitizingFunction> others() {
		List<SanitizingFunction> others = new ArrayList<>();
		for (SanitizingFunction function : this.functions.get()) {
			if (!(function instanceof PatioKeySanitizingFunction)) {
				others.add(function);
			}
		}
		return others;
	}

	/** Secrets and the {@link #validity() validity} they were computed for. */
	private record Secrets(Object[] validity, List<String> texts) {

		/**
		 * Whether {@code current} is the same picture: the same property sources (by
		 * identity), with equal raw values.
		 */
		boolean isValidFor(Object[] current) {
			if (current.length != this.validity.length) {
				return false;
			}
			for (int i = 0; i < current.length; i++) {
				Object was = this.validity[i];
				Object is = current[i];
				boolean same = (is instanceof PropertySource<?>) ? is == was : Objects.equals(is, was);
				if (!same) {
					return false;
				}
			}
			return true;
		}

	}

}
