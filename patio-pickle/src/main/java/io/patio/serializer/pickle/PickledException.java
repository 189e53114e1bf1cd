package io.patio.serializer.pickle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exception read from an ERROR pickle ({@code REDUCE} of a global on a tuple of plain
 * values, then perhaps {@code BUILD}): its module, class name and arguments. It is a
 * descriptor only; the class is never loaded or constructed.
 */
final class PickledException {

	private final String module;

	private final String className;

	private final List<Object> args;

	private final Map<String, Object> state = new LinkedHashMap<>();

	PickledException(String module, String className, List<Object> args) {
		this.module = module;
		this.className = className;
		this.args = args;
	}

	String module() {
		return this.module;
	}

	String className() {
		return this.className;
	}

	/** {@code module.ClassName}, such as {@code builtins.ValueError}. */
	String qualifiedName() {
		return this.module + "." + this.className;
	}

	List<Object> args() {
		return this.args;
	}

	Map<String, Object> state() {
		return this.state;
	}

	@Override
	public String toString() {
		return qualifiedName() + this.args;
	}

}
