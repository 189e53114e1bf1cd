package io.patio.serializer;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodHandles.Lookup;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * Jackson's Blackbird module, for records only: a record's accessors and canonical
 * constructor are called through lambdas Blackbird generates once, instead of Jackson's
 * reflective method handles ({@code invokeWithArguments} on every constructor call).
 * <p>
 * Blackbird differs from Jackson where a record cannot reach it here, so a record is left
 * to Jackson's own binding when:
 * <ul>
 * <li>it carries {@code @JsonInclude} anywhere (its class, components, fields, methods,
 * its interfaces, or an annotation bundle): Blackbird's writers of {@code int},
 * {@code long} and {@code boolean} ignore a custom inclusion filter;</li>
 * <li>it or an interface of it has an instance method of one parameter, which Jackson
 * might take for a setter: Blackbird's setters set a {@code null} that
 * {@code @JsonSetter(nulls = SKIP)} skips in Jackson
 * ({@code WireMapperSetterTests});</li>
 * <li>it is private, or its package is not open to patio.</li>
 * </ul>
 * Beans and every other type are bound by Jackson alone.
 */
final class RecordAccessors extends BlackbirdModule {

	private static final long serialVersionUID = 1L;

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
				&& !hasSetterShapedMethod(type) && !mentionsInclusion(type);
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

	private static boolean mentionsInclusion(Class<?> type) {
		for (Class<?> declaring : typeAndInterfaces(type)) {
			if (mentionsInclusion((AnnotatedElement) declaring)) {
				return true;
			}
			for (AnnotatedElement member : declaring.getDeclaredFields()) {
				if (mentionsInclusion(member)) {
					return true;
				}
			}
			for (AnnotatedElement member : declaring.getDeclaredMethods()) {
				if (mentionsInclusion(member)) {
					return true;
				}
			}
			RecordComponent[] components = declaring.getRecordComponents();
			if (components != null) {
				for (RecordComponent component : components) {
					if (mentionsInclusion(component)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean mentionsInclusion(AnnotatedElement element) {
		Set<Class<? extends Annotation>> seen = new HashSet<>();
		Deque<Annotation> pending = new ArrayDeque<>(java.util.List.of(element.getAnnotations()));
		while (!pending.isEmpty()) {
			Annotation annotation = pending.pop();
			Class<? extends Annotation> kind = annotation.annotationType();
			if (kind == JsonInclude.class) {
				return true;
			}
			if (seen.add(kind) && kind.isAnnotationPresent(JacksonAnnotationsInside.class)) {
				pending.addAll(java.util.List.of(kind.getAnnotations()));
			}
		}
		return false;
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
