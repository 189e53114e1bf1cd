package io.patio.protocol;

/**
 * A frame over the frame limit on an authenticated connection, whose payload was
 * discarded unread as it arrived: only its header is known. The {@link FrameDecoder}
 * passes it on once the last byte of the payload has gone by, so that the connection can
 * answer it (a REQUEST) or fail the call it answers (a RESPONSE or an ERROR) and go on.
 *
 * @param type the packet type, {@link PacketType#REQUEST}, {@link PacketType#RESPONSE} or
 * {@link PacketType#ERROR}
 * @param serial the frame's serial
 * @param size the payload's size in bytes, as the header declared it
 * @param limit the limit it is over, in bytes
 */
public record OversizedFrame(PacketType type, long serial, long size, int limit) {

}
