package io.patio.broker.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import io.patio.broker.PatioBroker;

/**
 * The handler behind a typed client: a task method goes to its precomputed
 * {@link ClientMethod}, a default method runs the interface's own code on the proxy, and
 * {@code equals}, {@code hashCode} and {@code toString} behave as on any proxy (identity,
 * and the contract's name).
 */
final class ClientInvocationHandler implements InvocationHandler {

	private final PatioBroker broker;

	private final Class<?> contract;

	private final Map<Method, ClientMethod> methods;

	ClientInvocationHandler(PatioBroker broker, Class<?> contract, Map<Method, ClientMethod> methods) {
		this.broker = broker;
		this.contract = contract;
		this.methods = new HashMap<>(methods);
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		ClientMethod call = this.methods.get(method);
		if (call != null) {
			return call.invoke(this.broker, args);
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		return switch (method.getName()) {
			case "equals" -> proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			case "toString" ->
				"PatioClient[" + this.contract.getName() + " via the " + this.broker.getType() + " broker]";
			default ->
				throw new UnsupportedOperationException("Not a task of " + this.contract.getName() + ": " + method);
		};
	}

}
