package io.patio.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a {@link RabbitMq} node (as a parameter of its constructor, its
 * {@code @BeforeAll}/{@code @BeforeEach} methods or its tests): the one
 * {@code PATIO_TEST_RABBITMQ_URL} names, or else one private node started from the
 * installed {@code rabbitmq-server} and shared by every test class of the run (stopped
 * when the run ends). Without either, the class is skipped with how to get RabbitMQ, or
 * fails where {@code PATIO_REQUIRE_EXTERNALS=true}.
 */
public final class RabbitMqExtension implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(RabbitMqExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		node(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == RabbitMq.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return node(context);
	}

	private static RabbitMq node(ExtensionContext context) {
		RabbitMq external = RabbitMq.external();
		if (external != null) {
			return external;
		}
		Externals.assume(RabbitMq.installed(), RabbitMq.HOW_TO_GET);
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent("node", (key) -> RabbitMq.startPrivate(), RabbitMq.class);
	}

}
