package io.patio.broker.client;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.patio.broker.PatioBroker;
import io.patio.client.PatioClient;
import io.patio.registry.Contracts;
import io.patio.registry.Registry;

/**
 * Makes typed clients: proxies of {@link PatioClient @PatioClient} interfaces whose
 * methods call tasks through a broker.
 *
 * <pre class="code">
 * MathService math = PatioClients.create(broker, MathService.class);
 * int product = math.mul(1, 2, 3);
 * </pre>
 *
 * Everything about a method (its task name, result type, how each parameter is sent) is
 * worked out once, here; a call only fills a request. Task names come from the broker's
 * registry (its project and strictness), so they match a worker's with the same settings.
 */
public final class PatioClients {

	private PatioClients() {
	}

	/**
	 * A client of {@code contract} that calls through {@code broker}.
	 * @throws IllegalArgumentException when {@code contract} is not an interface
	 * annotated {@code @PatioClient}, or some of its methods cannot be tasks (each is
	 * named, with the reason)
	 */
	public static <T> T create(PatioBroker broker, Class<T> contract) {
		Objects.requireNonNull(broker, "broker");
		Map<Method, ClientMethod> methods = methodsOf(broker.getRegistry(), contract);
		ClassLoader loader = (contract.getClassLoader() != null) ? contract.getClassLoader()
				: PatioClients.class.getClassLoader();
		return contract.cast(Proxy.newProxyInstance(loader, new Class<?>[] { contract },
				new ClientInvocationHandler(broker, contract, methods)));
	}

	/**
	 * The task name of each task method of {@code contract}, as a client through a broker
	 * with {@code registry} calls it, in the contract's order.
	 * @throws IllegalArgumentException as {@link #create} does
	 */
	public static Map<Method, String> taskNames(Registry registry, Class<?> contract) {
		Map<Method, String> names = new LinkedHashMap<>();
		methodsOf(registry, contract).forEach((method, call) -> names.put(method, call.task()));
		return names;
	}

	/** Whether {@code candidate} is a proxy made by {@link #create}. */
	public static boolean isClient(Object candidate) {
		return candidate != null && Proxy.isProxyClass(candidate.getClass())
				&& Proxy.getInvocationHandler(candidate) instanceof ClientInvocationHandler;
	}

	private static Map<Method, ClientMethod> methodsOf(Registry registry, Class<?> contract) {
		Objects.requireNonNull(contract, "contract");
		if (!Contracts.isContract(contract)) {
			throw new IllegalArgumentException(contract.getName() + " is not a patio client: "
					+ (contract.isInterface() ? "annotate it with @" + PatioClient.class.getName()
							: "only an interface annotated @" + PatioClient.class.getName() + " is"));
		}
		Map<Method, ClientMethod> methods = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		for (Method method : Contracts.taskMethodsOf(contract)) {
			try {
				methods.put(method, ClientMethod.of(registry, contract, method));
			}
			catch (IllegalArgumentException ex) {
				problems
					.add(method.getDeclaringClass().getSimpleName() + "#" + method.getName() + ": " + ex.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("Interface " + contract.getName() + " cannot be a patio client; "
					+ problems.size() + " method(s) cannot be tasks:\n  - " + String.join("\n  - ", problems));
		}
		return methods;
	}

}
