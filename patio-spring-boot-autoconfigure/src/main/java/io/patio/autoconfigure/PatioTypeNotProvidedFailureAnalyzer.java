package io.patio.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a patio type property whose value no module on the class path provides: the
 * values that are provided, and the artifact to add for each value of patio's own modules
 * that is missing.
 */
class PatioTypeNotProvidedFailureAnalyzer extends AbstractFailureAnalyzer<PatioTypeNotProvidedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PatioTypeNotProvidedException cause) {
		return new FailureAnalysis(description(cause), action(cause), cause);
	}

	private static String description(PatioTypeNotProvidedException cause) {
		String property = cause.getProperty();
		String value = cause.getValue();
		if (value == null || value.isBlank()) {
			return property + " is empty. (YAML reads an unquoted null or ~ as no value.)";
		}
		PatioTypeContribution provider = cause.getMissingProvider();
		if (provider != null) {
			return property + "=" + value + " is provided by " + provider.artifact()
					+ ", which is not on the class path.";
		}
		return "No module on the class path provides " + property + "=" + value + ".";
	}

	private static String action(PatioTypeNotProvidedException cause) {
		StringBuilder action = new StringBuilder();
		String property = cause.getProperty();
		String suggestion = cause.getSuggestion();
		PatioTypeContribution provider = cause.getMissingProvider();
		if (suggestion != null) {
			action.append("Did you mean ")
				.append(property)
				.append('=')
				.append(suggestion)
				.append("? Values are")
				.append(" written in lower case with dashes.\n\n");
		}
		else if (provider != null) {
			action.append("Add ")
				.append(provider.artifact())
				.append(" to the application's dependencies, or set ")
				.append(property)
				.append(" to another value.\n\n");
		}
		action.append("Set ").append(property).append(" to one of the values the modules on the class path provide:\n");
		for (PatioTypeContribution type : cause.getProvided()) {
			action.append("    ").append(type.value()).append(" (").append(type.artifact()).append(")\n");
		}
		if (!cause.getMissing().isEmpty()) {
			action.append("or add the module that provides one of these values:\n");
			for (PatioTypeContribution type : cause.getMissing()) {
				action.append("    ").append(type.value()).append(" (").append(type.artifact()).append(")\n");
			}
		}
		return action.toString().stripTrailing();
	}

}
