package io.patio.broker.tcp;

/** The user event a handshake handler fires when it is done and has left the pipeline. */
enum HandshakeCompleted {

	INSTANCE

}
