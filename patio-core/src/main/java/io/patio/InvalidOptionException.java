package io.patio;

import java.util.Objects;

/**
 * A setting that an options builder or a constructor refuses: a size below its floor, a
 * duration that is not positive, two settings that contradict each other. It names the
 * option as patio's Spring properties spell it ({@code max-frame-size},
 * {@code reconnect-delay}), so the Spring Boot starter can report the property the value
 * came from; plain Java code sees an {@link IllegalArgumentException} whose message says
 * what to write instead.
 * <p>
 * Its message never contains a secret such as the TCP key.
 */
public class InvalidOptionException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String option;

	/**
	 * @param option the option's name, in lower case with dashes, such as
	 * {@code max-frame-size}; for a contradiction between two options, the one to change
	 * @param message what is wrong and what to write instead, starting with the option's
	 * name
	 */
	public InvalidOptionException(String option, String message) {
		super(message);
		this.option = Objects.requireNonNull(option, "option");
	}

	/** The option's name, in lower case with dashes, such as {@code max-frame-size}. */
	public String getOption() {
		return this.option;
	}

}
