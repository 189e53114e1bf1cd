/**
 * The serializer SPI, the same for every transport: a Serializer turns values and the
 * call packets (CallPayload, ErrorPayload) into bytes and back, with bounds on the work
 * one payload may cost, and is chosen by name with Serializer.forName (a module adds one
 * through ServiceLoader). JSON, the default, is here; other encodings live in their own
 * modules.
 */
@NullMarked
package io.patio.serializer;

import org.jspecify.annotations.NullMarked;
