package io.patio.registry;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.patio.client.Header;
import io.patio.client.Kwarg;
import io.patio.client.PatioClient;
import io.patio.client.Timeout;

/**
 * What makes an interface a task contract, which of its methods are tasks, and where
 * {@link PatioTask @PatioTask} is found: the rules that the registry, the Spring scanner
 * and the client proxies share, so that a caller and a worker name a task alike.
 */
public final class Contracts {

	private static final int DIGEST_LENGTH = 16;

	private Contracts() {
	}

	/**
	 * Whether {@code type} is an interface annotated {@link PatioClient @PatioClient}.
	 */
	public static boolean isContract(Class<?> type) {
		return type.isInterface() && type.isAnnotationPresent(PatioClient.class);
	}

	/**
	 * The contract interfaces that {@code type} implements, directly or through its
	 * superclasses and interfaces, in a stable order.
	 */
	public static List<Class<?>> contractsOf(Class<?> type) {
		Set<Class<?>> seen = new LinkedHashSet<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			collectInterfaces(c, seen);
		}
		if (type.isInterface()) {
			seen.add(type);
		}
		List<Class<?>> contracts = new ArrayList<>();
		for (Class<?> candidate : seen) {
			if (isContract(candidate)) {
				contracts.add(candidate);
			}
		}
		contracts.sort(Comparator.comparing(Class::getName));
		return contracts;
	}

	private static void collectInterfaces(Class<?> type, Set<Class<?>> seen) {
		for (Class<?> implemented : type.getInterfaces()) {
			if (seen.add(implemented)) {
				collectInterfaces(implemented, seen);
			}
		}
	}

	/**
	 * The task methods of a contract: its abstract public methods, inherited ones
	 * included, in a stable order. Default and static methods are not tasks.
	 */
	public static List<Method> taskMethodsOf(Class<?> contract) {
		List<Method> methods = new ArrayList<>();
		for (Method method : contract.getMethods()) {
			if (Modifier.isAbstract(method.getModifiers()) && !isObjectMethod(method)) {
				methods.add(method);
			}
		}
		methods.sort(Comparator.comparing(Method::toGenericString));
		return methods;
	}

	/**
	 * Whether {@code method} is one that every object has ({@code equals},
	 * {@code hashCode}, {@code toString}), which an interface may redeclare.
	 */
	public static boolean isObjectMethod(Method method) {
		try {
			Object.class.getMethod(method.getName(), method.getParameterTypes());
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	/**
	 * The contract method that {@code method}, a method of an implementation, implements;
	 * {@code null} when it implements none.
	 */
	public static Method contractMethodOf(Method method) {
		if (Modifier.isStatic(method.getModifiers())) {
			return null;
		}
		for (Class<?> contract : contractsOf(method.getDeclaringClass())) {
			for (Method candidate : taskMethodsOf(contract)) {
				if (candidate.getName().equals(method.getName())
						&& Arrays.equals(candidate.getParameterTypes(), method.getParameterTypes())) {
					return candidate;
				}
			}
		}
		return null;
	}

	/**
	 * The {@link PatioTask @PatioTask} of a method, looked for as Spring's scanner does:
	 * on the method itself, then on the methods it overrides in superclasses and
	 * interfaces; directly or as a meta-annotation. {@code null} when there is none.
	 */
	public static PatioTask findPatioTask(Method method) {
		PatioTask found = findAnnotation(method);
		if (found != null || Modifier.isStatic(method.getModifiers())) {
			return found;
		}
		Set<Class<?>> types = new LinkedHashSet<>();
		for (Class<?> c = method.getDeclaringClass(); c != null; c = c.getSuperclass()) {
			types.add(c);
			collectInterfaces(c, types);
		}
		for (Class<?> type : types) {
			try {
				Method overridden = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
				if (!Modifier.isPrivate(overridden.getModifiers())) {
					found = findAnnotation(overridden);
					if (found != null) {
						return found;
					}
				}
			}
			catch (NoSuchMethodException ex) {
				// not declared there
			}
		}
		return null;
	}

	private static PatioTask findAnnotation(AnnotatedElement element) {
		PatioTask direct = element.getAnnotation(PatioTask.class);
		if (direct != null) {
			return direct;
		}
		Set<Class<? extends Annotation>> visited = new HashSet<>();
		for (Annotation annotation : element.getAnnotations()) {
			PatioTask meta = findMeta(annotation.annotationType(), visited);
			if (meta != null) {
				return meta;
			}
		}
		return null;
	}

	private static PatioTask findMeta(Class<? extends Annotation> type, Set<Class<? extends Annotation>> visited) {
		if (!visited.add(type) || type.getName().startsWith("java.lang.annotation.")) {
			return null;
		}
		PatioTask direct = type.getAnnotation(PatioTask.class);
		if (direct != null) {
			return direct;
		}
		for (Annotation annotation : type.getAnnotations()) {
			PatioTask meta = findMeta(annotation.annotationType(), visited);
			if (meta != null) {
				return meta;
			}
		}
		return null;
	}

	/**
	 * The project that prefixes the generated name of a method declared on a contract
	 * whose {@link PatioClient#project()} is set; {@code null} otherwise.
	 */
	static String projectOf(Method method) {
		PatioClient client = method.getDeclaringClass().getAnnotation(PatioClient.class);
		return (client != null && !client.project().isBlank()) ? client.project() : null;
	}

	/**
	 * A digest of an abstract method's signature, for the generated names of a strict
	 * registry: its name, generic parameter and return types, and the names its
	 * parameters bind by. Two versions of a contract whose methods differ there get
	 * different names.
	 */
	static String signatureDigest(Method method) {
		StringBuilder signature = new StringBuilder(method.getDeclaringClass().getName()).append('#')
			.append(method.getName())
			.append('(');
		for (Parameter parameter : method.getParameters()) {
			signature.append(parameter.getParameterizedType().getTypeName());
			Kwarg kwarg = parameter.getAnnotation(Kwarg.class);
			Header header = parameter.getAnnotation(Header.class);
			if (kwarg != null) {
				signature.append(" kwarg:").append(kwarg.value());
			}
			if (header != null) {
				signature.append(" header:").append(header.value());
			}
			if (parameter.isAnnotationPresent(Timeout.class)) {
				signature.append(" timeout");
			}
			signature.append(',');
		}
		signature.append(')').append(method.getGenericReturnType().getTypeName());
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(signature.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, DIGEST_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No SHA-256 in this JVM", ex);
		}
	}

}
