package io.patio.serializer.pickle;

import java.util.LinkedHashMap;

/**
 * An instance of a Python class read from a pickle ({@code NEWOBJ}, then {@code BUILD}
 * with a dict state): a map of its state that also says which class it was. It binds to a
 * record or a POJO like any map. The class it names is never loaded or looked up.
 */
public final class PickledObject extends LinkedHashMap<String, Object> {

	private static final long serialVersionUID = 1L;

	private final String module;

	private final String className;

	PickledObject(String module, String className) {
		this.module = module;
		this.className = className;
	}

	/** The module the pickle named, such as {@code __main__}. */
	public String getModule() {
		return this.module;
	}

	/** The class name the pickle named, such as {@code Point}. */
	public String getClassName() {
		return this.className;
	}

	/** {@code module.ClassName}. */
	public String getQualifiedName() {
		return this.module + "." + this.className;
	}

	@Override
	public boolean equals(Object other) {
		return super.equals(other);
	}

	@Override
	public int hashCode() {
		return super.hashCode();
	}

}
