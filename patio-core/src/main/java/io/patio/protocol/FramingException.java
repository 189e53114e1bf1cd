package io.patio.protocol;

import io.netty.handler.codec.DecoderException;

/** A fault in the framing that closes the connection: oversize frame, unknown type, a packet out of turn. */
public class FramingException extends DecoderException {

	public FramingException(String message) {
		super(message);
	}

}
