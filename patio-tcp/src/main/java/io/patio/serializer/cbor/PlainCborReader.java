package io.patio.serializer.cbor;

import java.nio.charset.StandardCharsets;

import io.patio.serializer.TaskNames;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

import static io.patio.serializer.cbor.PlainCborCalls.FALSE;
import static io.patio.serializer.cbor.PlainCborCalls.NEGATIVE;
import static io.patio.serializer.cbor.PlainCborCalls.NULL;
import static io.patio.serializer.cbor.PlainCborCalls.TEXT;
import static io.patio.serializer.cbor.PlainCborCalls.TRUE;

/**
 * Reads the plain form of {@link PlainCborCalls} from one payload; every method answers
 * {@code null}, -1 or {@code false} when the payload is off that form, and the REQUEST
 * then goes to the parser.
 */
final class PlainCborReader {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final byte[] data;

	/** After the map's opening byte. */
	private int at = 1;

	PlainCborReader(byte[] data) {
		this.data = data;
	}

	int available() {
		return this.data.length - this.at;
	}

	boolean take(int marker) {
		if (this.at < this.data.length && (this.data[this.at] & 0xFF) == marker) {
			this.at++;
			return true;
		}
		return false;
	}

	/** Takes the two bytes {@code first, second} together, or neither. */
	boolean take(int first, int second) {
		if (available() >= 2 && (this.data[this.at] & 0xFF) == first && (this.data[this.at + 1] & 0xFF) == second) {
			this.at += 2;
			return true;
		}
		return false;
	}

	long bits(int bytes) {
		long value = 0;
		for (int i = 0; i < bytes; i++) {
			value = (value << 8) | (this.data[this.at++] & 0xFF);
		}
		return value;
	}

	/**
	 * The argument of a head of major type {@code major} of up to 32 bits, or -1.
	 */
	long argument(int major) {
		if (this.at >= this.data.length || (this.data[this.at] & 0xE0) != major) {
			return -1;
		}
		int info = this.data[this.at++] & 0x1F;
		if (info < 24) {
			return info;
		}
		int bytes = switch (info) {
			case 24 -> 1;
			case 25 -> 2;
			case 26 -> 4;
			default -> -1;
		};
		if (bytes < 0 || available() < bytes) {
			return -1;
		}
		return bits(bytes);
	}

	int head(int major) {
		long argument = argument(major);
		return (argument > Integer.MAX_VALUE) ? -1 : (int) argument;
	}

	/** An ASCII text string, or {@code null}. */
	String text() {
		return text(Integer.MAX_VALUE);
	}

	/** As {@link #text()}, for a text of at most {@code maxLength} bytes. */
	String text(int maxLength) {
		int end = asciiEnd(maxLength);
		if (end < 0) {
			return null;
		}
		String text = new String(this.data, this.at, end - this.at, StandardCharsets.ISO_8859_1);
		this.at = end;
		return text;
	}

	/**
	 * As {@link #text(int)}, for a task's name: the instance {@link TaskNames} keeps for
	 * it when there is one.
	 */
	String taskName(int maxLength) {
		int end = asciiEnd(maxLength);
		if (end < 0) {
			return null;
		}
		String name = TaskNames.ascii(this.data, this.at, end);
		this.at = end;
		return name;
	}

	/**
	 * Reads the head of an ASCII text of at most {@code maxLength} bytes: where the text
	 * ends, its bytes then starting at {@link #at}; -1 when it is none.
	 */
	private int asciiEnd(int maxLength) {
		int length = head(TEXT);
		if (length < 0 || length > maxLength || available() < length) {
			return -1;
		}
		for (int i = this.at; i < this.at + length; i++) {
			if (this.data[i] < 0) {
				return -1;
			}
		}
		return this.at + length;
	}

	/** Takes the text {@code expected}, an ASCII key, compared byte by byte. */
	boolean name(String expected) {
		int length = head(TEXT);
		if (length != expected.length() || available() < length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (this.data[this.at + i] != expected.charAt(i)) {
				return false;
			}
		}
		this.at += length;
		return true;
	}

	/** The node the parser makes of a plain value, or {@code null}. */
	JsonNode scalar() {
		if (this.at >= this.data.length) {
			return null;
		}
		int head = this.data[this.at] & 0xFF;
		switch (head) {
			case TRUE -> {
				this.at++;
				return BooleanNode.TRUE;
			}
			case FALSE -> {
				this.at++;
				return BooleanNode.FALSE;
			}
			case NULL -> {
				this.at++;
				return NullNode.getInstance();
			}
			default -> {
				// handled below
			}
		}
		int major = head & 0xE0;
		if (major == TEXT) {
			String text = text();
			return (text != null) ? NODES.stringNode(text) : null;
		}
		if (major != 0 && major != NEGATIVE) {
			return null;
		}
		long argument = argument(major);
		if (argument < 0) {
			return null;
		}
		// as the parser: an int when the value fits one, else a long
		long value = (major == 0) ? argument : -1 - argument;
		return (value == (int) value) ? NODES.numberNode((int) value) : NODES.numberNode(value);
	}

}
