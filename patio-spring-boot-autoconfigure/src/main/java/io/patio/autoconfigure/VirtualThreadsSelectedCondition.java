package io.patio.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code patio.executor.type=virtual-threads}, or when the type is not set
 * and Boot's virtual threads are on ({@code spring.threads.virtual.enabled=true} on Java
 * 21 or later, as Boot reads it: on Java 17 Boot ignores that property, and so does
 * patio, which then keeps its thread pool).
 */
class VirtualThreadsSelectedCondition extends SpringBootCondition {

	static final String VALUE = "virtual-threads";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String type = environment.getProperty(PatioTypeContribution.EXECUTOR_TYPE);
		if (type != null) {
			boolean match = OnPatioTypeCondition.sameValue(type, VALUE);
			return new ConditionOutcome(match,
					PatioTypeContribution.EXECUTOR_TYPE + "=" + type + (match ? " is " : " is not ") + VALUE);
		}
		if (chosenByBoot(environment)) {
			return ConditionOutcome.match(PatioTypeContribution.EXECUTOR_TYPE
					+ " is not set and spring.threads.virtual.enabled=true on Java 21 or later");
		}
		return ConditionOutcome.noMatch(PatioTypeContribution.EXECUTOR_TYPE
				+ " is not set and Boot's virtual threads are off (spring.threads.virtual.enabled is not true,"
				+ " or Java is older than 21)");
	}

	/** Whether no type is set and Boot's virtual threads choose this executor. */
	static boolean chosenByBoot(Environment environment) {
		return environment.getProperty(PatioTypeContribution.EXECUTOR_TYPE) == null
				&& Threading.VIRTUAL.isActive(environment);
	}

	/**
	 * On the default executor: matches unless Boot's virtual threads choose this one
	 * instead, so that the choice does not hang on the order of the configurations.
	 */
	static class NotChosenByBoot extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return chosenByBoot(context.getEnvironment())
					? ConditionOutcome.noMatch(PatioTypeContribution.EXECUTOR_TYPE
							+ " is not set and spring.threads.virtual.enabled=true: " + VALUE + " by default")
					: ConditionOutcome.match("Boot's virtual threads do not choose " + VALUE);
		}

	}

}
