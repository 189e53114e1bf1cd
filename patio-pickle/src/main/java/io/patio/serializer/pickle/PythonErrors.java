package io.patio.serializer.pickle;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.patio.ErrorCode;
import io.patio.PatioException;
import io.patio.RemoteTaskException;

/**
 * The error table of {@code docs/python-peers.md}, both ways. Java to Python: a builtin
 * exception, the only kind Python's restricted unpickler is sure to accept, with the
 * message a Python user would recognise. Python to Java: the exception's module, class
 * name and first argument, read as a descriptor and never constructed.
 */
final class PythonErrors {

	/** A Python exception to write: {@code builtins.<name>(message)}, or no arguments. */
	record PythonError(String name, String message) {
	}

	/** A decoded ERROR: a wire code, a type name and a message. */
	record Decoded(String code, String type, String message) {
	}

	/** The Java exceptions a Python user catches as builtins, checked in this order. */
	private static final List<Class<?>> JAVA_TYPES = List.of(IllegalArgumentException.class, ArithmeticException.class,
			UnsupportedOperationException.class, IndexOutOfBoundsException.class, NoSuchElementException.class,
			ClassCastException.class, TimeoutException.class);

	private static final List<String> PYTHON_NAMES = List.of("ValueError", "ArithmeticError", "NotImplementedError",
			"IndexError", "LookupError", "TypeError", "TimeoutError");

	/**
	 * Builtin exceptions a remote failure relayed by us keeps as it is (a Python peer's
	 * {@code builtins.ValueError} stays a {@code ValueError}).
	 */
	private static final Set<String> RELAYED_BUILTINS = Set.of("ValueError", "TypeError", "KeyError", "IndexError",
			"LookupError", "ArithmeticError", "ZeroDivisionError", "OverflowError", "RuntimeError",
			"NotImplementedError", "TimeoutError", "AttributeError", "AssertionError", "OSError", "PermissionError",
			"FileNotFoundError", "ConnectionError", "UnicodeError", "Exception");

	/** A Java type name and a message, as {@link #toPython} writes a Java failure. */
	private static final Pattern JAVA_FAILURE = Pattern
		.compile("((?:[A-Za-z_$][A-Za-z0-9_$]*\\.)+[A-Za-z_$][A-Za-z0-9_$]*): (.*)", Pattern.DOTALL);

	private static final Pattern UNREGISTERED = Pattern.compile("'(.*)' has not been registered", Pattern.DOTALL);

	private PythonErrors() {
	}

	/**
	 * The Python exception for an ERROR with this code, type and message, and the
	 * exception the payload kept (or {@code null}).
	 */
	static PythonError toPython(String code, String type, String message, Throwable exception) {
		String text = (message != null) ? message : "";
		ErrorCode errorCode = ErrorCode.fromWire(code);
		if (errorCode == null) {
			errorCode = ErrorCode.TASK_FAILED;
		}
		switch (errorCode) {
			case UNKNOWN_TASK -> {
				String task = (exception instanceof PatioException patio && patio.getTask() != null) ? patio.getTask()
						: text;
				return new PythonError("KeyError", "'" + task + "' has not been registered");
			}
			case BAD_ARGUMENTS, BAD_REQUEST -> {
				return new PythonError("TypeError", text);
			}
			case TIMEOUT -> {
				return new PythonError("TimeoutError", null);
			}
			case REJECTED, SHUTTING_DOWN -> {
				return new PythonError("RuntimeError", code + ": " + text);
			}
			case TOO_LARGE -> {
				return new PythonError("ValueError", "too-large: " + text);
			}
			default -> {
				return taskFailed(type, message, exception);
			}
		}
	}

	private static PythonError taskFailed(String type, String message, Throwable exception) {
		if (exception instanceof RemoteTaskException && type != null && type.startsWith("builtins.")
				&& RELAYED_BUILTINS.contains(type.substring("builtins.".length()))) {
			return new PythonError(type.substring("builtins.".length()), message);
		}
		for (int i = 0; i < JAVA_TYPES.size(); i++) {
			Class<?> javaType = JAVA_TYPES.get(i);
			if ((exception != null && !(exception instanceof RemoteTaskException)) ? javaType.isInstance(exception)
					: javaType.getName().equals(type)) {
				return new PythonError(PYTHON_NAMES.get(i), message);
			}
		}
		String name = (type != null) ? type : "unknown";
		return new PythonError("RuntimeError", name + ": " + ((message != null) ? message : ""));
	}

	/**
	 * What an exception from a Python peer means to us: {@code builtins.TimeoutError} is
	 * a {@code timeout}; anything else fails the task with its module and class name as
	 * the type and its first argument as the message. The messages we write ourselves are
	 * read back to their codes, so that two Java peers on pickle keep them:
	 * {@code KeyError("'x' has not been registered")} (which Python's own registry raises
	 * too), {@code RuntimeError("rejected: ...")}, {@code RuntimeError("shutting-down:
	 * ...")}, {@code ValueError("too-large: ...")} and
	 * {@code RuntimeError("<java type>: ...")}.
	 */
	static Decoded fromPython(String module, String name, List<Object> args) {
		String type = module + "." + name;
		String message = args.isEmpty() ? null
				: (args.get(0) instanceof String text) ? text : String.valueOf(args.get(0));
		if (!"builtins".equals(module) || message == null) {
			return new Decoded("TimeoutError".equals(name) && "builtins".equals(module) ? ErrorCode.TIMEOUT.value()
					: ErrorCode.TASK_FAILED.value(), type, message);
		}
		switch (name) {
			case "TimeoutError" -> {
				return new Decoded(ErrorCode.TIMEOUT.value(), type, message);
			}
			case "KeyError" -> {
				if (UNREGISTERED.matcher(message).matches()) {
					return new Decoded(ErrorCode.UNKNOWN_TASK.value(), type, message);
				}
			}
			case "RuntimeError" -> {
				for (ErrorCode code : new ErrorCode[] { ErrorCode.REJECTED, ErrorCode.SHUTTING_DOWN }) {
					if (message.startsWith(code.value() + ": ")) {
						return new Decoded(code.value(), type, message.substring(code.value().length() + 2));
					}
				}
				Matcher java = JAVA_FAILURE.matcher(message);
				if (java.matches()) {
					return new Decoded(ErrorCode.TASK_FAILED.value(), java.group(1), java.group(2));
				}
			}
			case "ValueError" -> {
				if (message.startsWith("too-large: ")) {
					return new Decoded(ErrorCode.TOO_LARGE.value(), type, message.substring("too-large: ".length()));
				}
			}
			default -> {
			}
		}
		return new Decoded(ErrorCode.TASK_FAILED.value(), type, message);
	}

}
