package io.patio.serializer.pickle;

import java.nio.charset.StandardCharsets;

/**
 * Reads the task a pickled REQUEST names without unpickling it
 * ({@link io.patio.serializer.Serializer#peekTask}), from the opcodes that Python's
 * pickler and {@link PickleWriter} both write first: the protocol, perhaps a frame, the
 * {@code patio.broker.tcp.broker.CallRequest} global ({@code STACK_GLOBAL} of two short
 * strings, or {@code GLOBAL}), an empty tuple, {@code NEWOBJ}, an empty dict, a mark, and
 * the {@code "func"} key with its name as a short string, each perhaps memoized. Nothing
 * after the name is looked at; any other start is left to the unpickler, which reads or
 * refuses it as ever.
 */
final class PickledCallPeek {

	private static final byte[] MODULE = "patio.broker.tcp.broker".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CLASS = "CallRequest".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] GLOBAL_LINES = "patio.broker.tcp.broker\nCallRequest\n"
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] FUNC = "func".getBytes(StandardCharsets.US_ASCII);

	private final byte[] data;

	private int at;

	private PickledCallPeek(byte[] data) {
		this.data = data;
	}

	/** The task's name, printable ASCII, or {@code null}. */
	static String task(byte[] data) {
		return new PickledCallPeek(data).read();
	}

	private String read() {
		if (!take(Opcodes.PROTO) || this.at >= this.data.length) {
			return null;
		}
		this.at++; // the protocol's number
		if (take(Opcodes.FRAME)) {
			this.at += 8;
		}
		boolean global = take(Opcodes.GLOBAL) ? take(GLOBAL_LINES)
				: shortString(MODULE) && shortString(CLASS) && take(Opcodes.STACK_GLOBAL) && memo();
		if (!global || !take(Opcodes.EMPTY_TUPLE) || !take(Opcodes.NEWOBJ) || !memo() || !take(Opcodes.EMPTY_DICT)
				|| !memo() || !take(Opcodes.MARK) || !shortString(FUNC) || !take(Opcodes.SHORT_BINUNICODE)
				|| this.at >= this.data.length) {
			return null;
		}
		int length = this.data[this.at++] & 0xFF;
		if (length == 0 || this.data.length - this.at < length) {
			return null;
		}
		for (int i = this.at; i < this.at + length; i++) {
			if (this.data[i] < 0x20 || this.data[i] > 0x7E) {
				return null;
			}
		}
		return new String(this.data, this.at, length, StandardCharsets.US_ASCII);
	}

	private boolean take(int opcode) {
		if (this.at < this.data.length && (this.data[this.at] & 0xFF) == opcode) {
			this.at++;
			return true;
		}
		return false;
	}

	private boolean take(byte[] bytes) {
		if (this.data.length - this.at < bytes.length) {
			return false;
		}
		for (int i = 0; i < bytes.length; i++) {
			if (this.data[this.at + i] != bytes[i]) {
				return false;
			}
		}
		this.at += bytes.length;
		return true;
	}

	/** A short string holding exactly {@code text}, perhaps memoized. */
	private boolean shortString(byte[] text) {
		if (this.data.length - this.at < 2 + text.length || (this.data[this.at] & 0xFF) != Opcodes.SHORT_BINUNICODE
				|| (this.data[this.at + 1] & 0xFF) != text.length) {
			return false;
		}
		this.at += 2;
		return take(text) && memo();
	}

	/** Skips a {@code MEMOIZE}, if there is one; always {@code true}. */
	private boolean memo() {
		take(Opcodes.MEMOIZE);
		return true;
	}

}
