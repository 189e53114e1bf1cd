/**
 * Python's pickle as a patio serializer, so that Python patio peers and ours talk over
 * TCP: a small reader and writer of our own for the opcodes the Python library uses,
 * bounded for hostile input, and the {@code pickle} serializer on top of them.
 */
@NullMarked
package io.patio.serializer.pickle;

import org.jspecify.annotations.NullMarked;
