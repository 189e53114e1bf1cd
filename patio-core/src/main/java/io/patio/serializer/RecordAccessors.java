package io.patio.serializer;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodHandles.Lookup;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * Jackson's Blackbird module, for plain records only: a record's accessors and canonical
 * constructor are called through lambdas Blackbird generates once, instead of Jackson's
 * reflective method handles ({@code invokeWithArguments} on every constructor call).
 * <p>
 * Blackbird writes and reads some annotated properties differently from Jackson: its
 * {@code int}, {@code long} and {@code boolean} writers ignore a custom
 * {@code @JsonInclude} filter and a {@code @JsonFormat} radix, a renamed (prefixed) copy
 * loses a property's own serializer, and its setters set a {@code null} that
 * {@code @JsonSetter(nulls = SKIP)} skips in Jackson ({@code WireMapperSetterTests}). So
 * a record is left to Jackson's own binding unless:
 * <ul>
 * <li>the only Jackson annotations on it, its interfaces, their fields, methods,
 * constructors, parameters and record components, and inside any annotation bundle, are
 * names, order, aliases, ignores, creators and descriptions ({@link #NEUTRAL});</li>
 * <li>neither it nor an interface of it has an instance method of one parameter, which
 * Jackson might take for a setter;</li>
 * <li>it is not private, its package is open to patio, and its class loader sees the same
 * Blackbird (whose classes the generated lambdas name).</li>
 * </ul>
 * Beans and every other type are bound by Jackson alone. Two differences remain, both in
 * how a call fails and neither in a value: a record's constructor that throws a
 * {@code JacksonException} other than a {@code DatabindException} fails the call with
 * that exception unwrapped, and an accessor that throws a {@code SecurityException} or an
 * {@code IllegalAccessError} is called once more through Jackson's own writer.
 */
final class RecordAccessors extends BlackbirdModule {

	private static final long serialVersionUID = 1L;

	/** Jackson annotations that only name, order, alias, ignore, create or describe. */
	static final Set<Class<? extends Annotation>> NEUTRAL = Set.of(JsonProperty.class, JsonCreator.class,
			JsonIgnore.class, JsonIgnoreProperties.class, JsonPropertyOrder.class, JsonAlias.class,
			JsonPropertyDescription.class, JsonClassDescription.class, JacksonAnnotationsInside.class);

	private static final List<String> JACKSON_ANNOTATION_PACKAGES = List.of("com.fasterxml.jackson.annotation",
			"tools.jackson.databind.annotation");

	@Override
	protected Function<Class<?>, Lookup> findLookup() {
		return (type) -> isEligible(type) ? MethodHandles.lookup() : null;
	}

	@Override
	public String getModuleName() {
		return "patio-record-accessors";
	}

	static boolean isEligible(Class<?> type) {
		return type.isRecord() && !Modifier.isPrivate(type.getModifiers())
				&& type.getModule().isOpen(type.getPackageName(), RecordAccessors.class.getModule())
				&& seesThisBlackbird(type.getClassLoader()) && !hasSetterShapedMethod(type)
				&& onlyNeutralAnnotations(type);
	}

	private static boolean seesThisBlackbird(ClassLoader loader) {
		try {
			return Class.forName(BlackbirdModule.class.getName(), false, loader) == BlackbirdModule.class;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	private static boolean hasSetterShapedMethod(Class<?> type) {
		for (Class<?> declaring : typeAndInterfaces(type)) {
			for (Method method : declaring.getDeclaredMethods()) {
				if (!Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 1 && !isEquals(method)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isEquals(Method method) {
		return method.getName().equals("equals") && method.getParameterTypes()[0] == Object.class;
	}

	private static boolean onlyNeutralAnnotations(Class<?> type) {
		for (AnnotatedElement element : annotatedElements(type)) {
			if (!onlyNeutralAnnotations(element)) {
				return false;
			}
		}
		return true;
	}

	/** Wherever Jackson reads annotations of a record's properties and creators from. */
	private static List<AnnotatedElement> annotatedElements(Class<?> type) {
		List<AnnotatedElement> elements = new ArrayList<>();
		for (Class<?> declaring : typeAndInterfaces(type)) {
			elements.add(declaring);
			elements.addAll(Arrays.asList(declaring.getDeclaredFields()));
			List<Executable> executables = new ArrayList<>(Arrays.asList(declaring.getDeclaredMethods()));
			executables.addAll(Arrays.asList(declaring.getDeclaredConstructors()));
			for (Executable executable : executables) {
				elements.add(executable);
				elements.addAll(Arrays.asList(executable.getParameters()));
			}
			RecordComponent[] components = declaring.getRecordComponents();
			if (components != null) {
				elements.addAll(Arrays.asList(components));
			}
		}
		return elements;
	}

	private static boolean onlyNeutralAnnotations(AnnotatedElement element) {
		Set<Class<? extends Annotation>> seen = new HashSet<>();
		Deque<Annotation> pending = new ArrayDeque<>(Arrays.asList(element.getAnnotations()));
		while (!pending.isEmpty()) {
			Class<? extends Annotation> kind = pending.pop().annotationType();
			if (!seen.add(kind)) {
				continue;
			}
			if (JACKSON_ANNOTATION_PACKAGES.contains(kind.getPackageName()) && !NEUTRAL.contains(kind)) {
				return false;
			}
			if (kind.isAnnotationPresent(JacksonAnnotationsInside.class)) {
				pending.addAll(Arrays.asList(kind.getAnnotations()));
			}
		}
		return true;
	}

	private static Set<Class<?>> typeAndInterfaces(Class<?> type) {
		Set<Class<?>> found = new HashSet<>();
		Deque<Class<?>> pending = new ArrayDeque<>();
		pending.push(type);
		while (!pending.isEmpty()) {
			Class<?> next = pending.pop();
			if (found.add(next)) {
				for (Class<?> parent : next.getInterfaces()) {
					pending.push(parent);
				}
			}
		}
		return found;
	}

}
