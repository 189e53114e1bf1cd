package io.patio.serializer.pickle;

import java.nio.charset.StandardCharsets;

import io.patio.serializer.CallPeek;

/**
 * Reads the task and the timeout of a pickled REQUEST without unpickling it
 * ({@link io.patio.serializer.Serializer#peekCall}), from the opcodes that Python's
 * pickler and {@link PickleWriter} both write first and last. First: the protocol,
 * perhaps a frame, the {@code patio.broker.tcp.broker.CallRequest} global
 * ({@code STACK_GLOBAL} of two short strings, or {@code GLOBAL}), an empty tuple,
 * {@code NEWOBJ}, an empty dict, a mark, and the {@code "func"} key with its name as a
 * short string. Last: the {@code "timeout"} key, its value ({@code None}, an int or a
 * float), {@code SETITEMS}, {@code BUILD} and {@code STOP}. Each string perhaps memoized.
 * Nothing in between is looked at; any other payload (ours with headers after the
 * timeout, say) is left to the unpickler, which reads or refuses it as ever.
 */
final class PickledCallPeek {

	private static final byte[] MODULE = "patio.broker.tcp.broker".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CLASS = "CallRequest".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] GLOBAL_LINES = "patio.broker.tcp.broker\nCallRequest\n"
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] FUNC = "func".getBytes(StandardCharsets.US_ASCII);

	/** The {@code "timeout"} key as a short string. */
	private static final byte[] TIMEOUT = { (byte) Opcodes.SHORT_BINUNICODE, 7, 't', 'i', 'm', 'e', 'o', 'u', 't' };

	/** What ends the state: {@code SETITEMS}, {@code BUILD}, {@code STOP}. */
	private static final byte[] END = { 'u', 'b', '.' };

	private final byte[] data;

	private int at;

	private PickledCallPeek(byte[] data) {
		this.data = data;
	}

	/** The task's name, printable ASCII, and the timeout; or {@code null}. */
	static CallPeek peek(byte[] data) {
		PickledCallPeek reader = new PickledCallPeek(data);
		String task = reader.task();
		if (task == null) {
			return null;
		}
		int end = data.length - END.length;
		if (end - reader.at < TIMEOUT.length + 1 || !reader.bytesAt(end, END)) {
			return null;
		}
		// the value right before the end, and the key right before it; each form tried
		int[] lengths = { 1, 2, 3, 5, 9 };
		for (int length : lengths) {
			int value = end - length;
			if (value - TIMEOUT.length < reader.at || !reader.keyBefore(value)) {
				continue;
			}
			int opcode = data[value] & 0xFF;
			if (length == 1 && opcode == Opcodes.NONE) {
				return new CallPeek(task, null);
			}
			if (length == 2 && opcode == Opcodes.BININT1) {
				return new CallPeek(task, (double) (data[value + 1] & 0xFF));
			}
			if (length == 3 && opcode == Opcodes.BININT2) {
				return new CallPeek(task, (double) ((data[value + 1] & 0xFF) | (data[value + 2] & 0xFF) << 8));
			}
			if (length == 5 && opcode == Opcodes.BININT) {
				int bits = 0;
				for (int i = 4; i >= 1; i--) {
					bits = (bits << 8) | (data[value + i] & 0xFF);
				}
				return new CallPeek(task, (double) bits);
			}
			if (length == 9 && opcode == Opcodes.BINFLOAT) {
				long bits = 0;
				for (int i = 1; i <= 8; i++) {
					bits = (bits << 8) | (data[value + i] & 0xFF);
				}
				double timeout = Double.longBitsToDouble(bits);
				return Double.isFinite(timeout) ? new CallPeek(task, timeout) : null;
			}
		}
		return null;
	}

	/**
	 * Whether the {@code "timeout"} key, perhaps memoized, ends right before {@code at}.
	 */
	private boolean keyBefore(int at) {
		return bytesAt(at - TIMEOUT.length, TIMEOUT) || ((this.data[at - 1] & 0xFF) == Opcodes.MEMOIZE
				&& at - 1 - TIMEOUT.length >= this.at && bytesAt(at - 1 - TIMEOUT.length, TIMEOUT));
	}

	private boolean bytesAt(int at, byte[] bytes) {
		if (at < 0 || this.data.length - at < bytes.length) {
			return false;
		}
		for (int i = 0; i < bytes.length; i++) {
			if (this.data[at + i] != bytes[i]) {
				return false;
			}
		}
		return true;
	}

	/** The task's name, printable ASCII, or {@code null}; reads past it. */
	private String task() {
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
		String task = io.patio.serializer.TaskNames.ascii(this.data, this.at, this.at + length);
		this.at += length;
		return task;
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
