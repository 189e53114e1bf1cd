/**
 * patio's wire protocol as the TCP brokers speak it: frames and their packet types, the
 * frame codec with its size limits, the handshake digest (BLAKE2s), and the payloads of
 * calls and errors.
 */
@NullMarked
package io.patio.protocol;

import org.jspecify.annotations.NullMarked;
