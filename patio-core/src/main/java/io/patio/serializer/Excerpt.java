package io.patio.serializer;

/**
 * Shortens a value a peer sent before it goes into a log line or an error message: at
 * most {@value #MAX_CHARACTERS} characters of it, with its full length, so that a peer
 * cannot make one line as long as its frame.
 */
public final class Excerpt {

	/** The most characters of a value that are shown. */
	public static final int MAX_CHARACTERS = 64;

	private Excerpt() {
	}

	/**
	 * {@code value} as text when it is at most {@value #MAX_CHARACTERS} characters long;
	 * otherwise its first {@value #MAX_CHARACTERS} characters, "...", and its length.
	 */
	public static String of(Object value) {
		String text = String.valueOf(value);
		if (text.length() <= MAX_CHARACTERS) {
			return text;
		}
		return text.substring(0, MAX_CHARACTERS) + "... (" + text.length() + " characters)";
	}

}
