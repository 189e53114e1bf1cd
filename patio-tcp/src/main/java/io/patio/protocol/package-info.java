/**
 * patio's wire protocol as the TCP brokers speak it: frames and their packet types, the
 * frame codec with its size limits and its bounded fault log, and the handshake digest
 * (BLAKE2s). The payloads of calls and errors are transport-neutral and live in
 * io.patio.serializer.
 */
@NullMarked
package io.patio.protocol;

import org.jspecify.annotations.NullMarked;
