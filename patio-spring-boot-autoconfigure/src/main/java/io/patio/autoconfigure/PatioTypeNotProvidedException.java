package io.patio.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Thrown at startup when a patio type property (such as {@code patio.broker.type}) names
 * a value that no module on the class path provides: a typo, or a missing dependency.
 * {@link PatioTypeNotProvidedFailureAnalyzer} turns it into a report that lists the valid
 * values and the artifact that provides each.
 */
public class PatioTypeNotProvidedException extends IllegalStateException {

	private final String property;

	private final String value;

	private final List<PatioTypeContribution> provided;

	private final List<PatioTypeContribution> missing;

	/**
	 * @param property the property, such as {@code patio.broker.type}
	 * @param value its configured value
	 * @param contributions the values that modules on the class path provide, of every
	 * property
	 */
	public PatioTypeNotProvidedException(String property, String value, List<PatioTypeContribution> contributions) {
		this(property, value, contributions, KnownPatioTypes.ALL);
	}

	PatioTypeNotProvidedException(String property, String value, List<PatioTypeContribution> contributions,
			List<PatioTypeContribution> known) {
		super(message(property, value, of(property, contributions), missing(property, contributions, known)));
		this.property = property;
		this.value = value;
		this.provided = of(property, contributions);
		this.missing = missing(property, contributions, known);
	}

	private static List<PatioTypeContribution> missing(String property, List<PatioTypeContribution> contributions,
			List<PatioTypeContribution> known) {
		List<PatioTypeContribution> provided = of(property, contributions);
		List<PatioTypeContribution> missing = new ArrayList<>();
		for (PatioTypeContribution candidate : of(property, known)) {
			if (provided.stream().noneMatch((type) -> type.value().equals(candidate.value()))) {
				missing.add(candidate);
			}
		}
		return List.copyOf(missing);
	}

	private static List<PatioTypeContribution> of(String property, List<PatioTypeContribution> contributions) {
		return contributions.stream().filter((type) -> type.property().equals(property)).distinct().toList();
	}

	private static String message(String property, String value, List<PatioTypeContribution> provided,
			List<PatioTypeContribution> missing) {
		String values = values(provided);
		if (value == null || value.isBlank()) {
			return property + " is empty; set it to " + values + (PatioTypeContribution.EXECUTOR_TYPE.equals(property)
					? " (an unquoted null in YAML is no value: the executor that runs nothing is called none)" : "");
		}
		PatioTypeContribution provider = find(missing, value);
		if (provider != null) {
			return property + "=" + value + " needs " + provider.artifact() + ", which is not on the class path;"
					+ " add it, or set " + property + " to " + values;
		}
		return property + "=" + value + " is provided by no module on the class path; set it to " + values;
	}

	private static PatioTypeContribution find(List<PatioTypeContribution> types, String value) {
		String canonical = canonical(value);
		return types.stream().filter((type) -> canonical(type.value()).equals(canonical)).findFirst().orElse(null);
	}

	/** The values, as "a, b or c". */
	private static String values(List<PatioTypeContribution> types) {
		List<String> values = types.stream().map(PatioTypeContribution::value).toList();
		if (values.size() <= 1) {
			return String.join("", values);
		}
		return String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
	}

	/** The property, such as {@code patio.broker.type}. */
	public String getProperty() {
		return this.property;
	}

	/** The configured value. */
	public String getValue() {
		return this.value;
	}

	/** The values of the property that modules on the class path provide. */
	public List<PatioTypeContribution> getProvided() {
		return this.provided;
	}

	/**
	 * The values of the property that patio's own modules provide but that are not on the
	 * class path, each with its artifact.
	 */
	public List<PatioTypeContribution> getMissing() {
		return this.missing;
	}

	/**
	 * The provided value the configured one was probably meant to be: the same letters in
	 * another case or with underscores for dashes; {@code null} if none.
	 */
	String getSuggestion() {
		PatioTypeContribution match = (this.value != null) ? find(this.provided, this.value) : null;
		return (match != null) ? match.value() : null;
	}

	/** The missing module that provides the configured value, or {@code null}. */
	PatioTypeContribution getMissingProvider() {
		return (this.value != null) ? find(this.missing, this.value) : null;
	}

	private static String canonical(String value) {
		return value.trim()
			.toLowerCase(Locale.ROOT)
			.chars()
			.filter(Character::isLetterOrDigit)
			.mapToObj(Character::toString)
			.collect(Collectors.joining());
	}

}
