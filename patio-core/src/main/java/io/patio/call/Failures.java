package io.patio.call;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What went wrong with a call, without the wrappers that futures add on the way: the one
 * {@code unwrap} every broker, executor, transport and observer uses.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * The failure inside {@code error}: the first cause that is neither a
	 * {@link CompletionException} nor an {@link ExecutionException}, or such a wrapper
	 * itself when it has no cause. {@code null} stays {@code null}. Other exceptions,
	 * patio's own included, are never unwrapped: their type is what the caller reports.
	 */
	public static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
