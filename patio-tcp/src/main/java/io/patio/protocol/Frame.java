package io.patio.protocol;

import java.util.Objects;

/**
 * One packet: its type, its serial (an unsigned 32-bit value held in a {@code long}) and
 * its payload, the serializer's encoding of one value.
 */
public record Frame(PacketType type, long serial, byte[] payload) {

	/** Bytes of the header before each payload: type int8, size uint32, serial uint32. */
	public static final int HEADER_SIZE = 9;

	public Frame {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(payload, "payload");
		if (serial < 0 || serial > Serials.MAX) {
			throw new IllegalArgumentException("serial out of range: " + serial);
		}
	}

	@Override
	public String toString() {
		return "Frame[" + this.type + ", serial=" + this.serial + ", size=" + this.payload.length + "]";
	}

}
