package io.patio.autoconfigure;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition behind {@link ConditionalOnPatioType}. */
class OnPatioTypeCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnPatioType.class.getName());
		String property = (String) attributes.get("property");
		String expected = (String) attributes.get("value");
		String actual = context.getEnvironment().getProperty(property);
		if (actual == null) {
			boolean matchIfMissing = (Boolean) attributes.get("matchIfMissing");
			return new ConditionOutcome(matchIfMissing,
					property + " is not set" + (matchIfMissing ? ": " + expected + " by default" : ""));
		}
		boolean match = sameValue(actual, expected);
		return new ConditionOutcome(match, property + "=" + actual + (match ? " is " : " is not ") + expected);
	}

	/** Whether two values are one, as Boot's binder reads an enum constant. */
	static boolean sameValue(String actual, String expected) {
		return canonical(actual).equals(canonical(expected));
	}

	static String canonical(String value) {
		StringBuilder canonical = new StringBuilder(value.length());
		for (char c : value.trim().toCharArray()) {
			if (c != '-' && c != '_') {
				canonical.append(Character.toLowerCase(c));
			}
		}
		return canonical.toString().toLowerCase(Locale.ROOT);
	}

}
