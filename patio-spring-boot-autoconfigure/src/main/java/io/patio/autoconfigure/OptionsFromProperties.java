package io.patio.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.patio.InvalidOptionException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Hands bound {@code patio.*} properties to the library's options builders and
 * constructors, which own every check, and reports what they refuse as an invalid
 * property with the property's name: an
 * {@link InvalidConfigurationPropertyValueException}, which Boot's failure analyzer shows
 * with the value and where it was set.
 * <p>
 * A builder's message starts with the option's name, which is the last segment of the
 * property's name ({@code max-frame-size} for {@code patio.broker.tcp.max-frame-size});
 * the report puts the whole property's name in its place. An
 * {@link InvalidOptionException} thrown later, by {@code build()} or a constructor, is
 * reported against the property recorded under its option's name.
 * <p>
 * Not for secrets: Boot's report shows the value as it was set.
 */
final class OptionsFromProperties {

	/** The properties handed over so far, by option name (the last segment). */
	private final Map<String, Property> properties = new LinkedHashMap<>();

	/**
	 * Records a property that a later {@link #create(Supplier)} passes on, so that its
	 * refusal names the property.
	 */
	OptionsFromProperties with(String property, @Nullable Object value) {
		this.properties.put(option(property), new Property(property, value));
		return this;
	}

	/**
	 * Hands a property's value to a builder's setter; a value the setter refuses fails
	 * with the property's name.
	 */
	<T> OptionsFromProperties with(String property, @Nullable T value, Consumer<@Nullable T> setter) {
		with(property, value);
		try {
			setter.accept(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(property, value, ex);
		}
		return this;
	}

	/**
	 * Builds the options or the object; an {@link InvalidOptionException} for an option
	 * handed over here fails with that property's name, any other goes through as it is
	 * (a customizer's mistake names no property).
	 */
	<R> R create(Supplier<R> creator) {
		try {
			return creator.get();
		}
		catch (InvalidOptionException ex) {
			Property property = this.properties.get(ex.getOption());
			if (property == null) {
				throw ex;
			}
			throw invalid(property.name(), property.value(), ex);
		}
	}

	/**
	 * A size as the {@code int} number of bytes the builders take; a size that does not
	 * fit is refused like any other bad value.
	 */
	static int bytes(@Nullable DataSize size) {
		if (size == null) {
			throw new IllegalArgumentException("must be set, such as 16MB");
		}
		if (size.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("must be at most 2047MB, not " + size);
		}
		return (int) size.toBytes();
	}

	private static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
			IllegalArgumentException ex) {
		String option = option(property);
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.toString();
		String reason = message.startsWith(option + " ") ? property + message.substring(option.length())
				: property + " " + message;
		// Boot 4.0's exception takes no cause; the reason carries the builder's message
		return new InvalidConfigurationPropertyValueException(property, value, reason);
	}

	private static String option(String property) {
		return property.substring(property.lastIndexOf('.') + 1);
	}

	private record Property(String name, @Nullable Object value) {
	}

}
