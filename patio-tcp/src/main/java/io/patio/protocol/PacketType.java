package io.patio.protocol;

import org.jspecify.annotations.Nullable;

/** The packet types of the patio TCP protocol, with their wire values. */
public enum PacketType {

	AUTH_DIGEST(0), AUTH_REQUEST(1), AUTH_RESPONSE(2), AUTH_OK(3), DISCOVER_REQUEST(5), DISCOVER_RESPONSE(6),
	REQUEST(10), RESPONSE(20), ERROR(30);

	private static final PacketType[] BY_VALUE = new PacketType[128];

	static {
		for (PacketType type : values()) {
			BY_VALUE[type.value] = type;
		}
	}

	private final int value;

	PacketType(int value) {
		this.value = value;
	}

	/** The type byte on the wire. */
	public int value() {
		return this.value;
	}

	/**
	 * The type for a wire byte, or {@code null} for a type the protocol does not have.
	 */
	public static @Nullable PacketType fromWire(int value) {
		return (value >= 0 && value < BY_VALUE.length) ? BY_VALUE[value] : null;
	}

}
