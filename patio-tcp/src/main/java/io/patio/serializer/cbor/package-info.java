/**
 * The CBOR serializer, selected by the name cbor; it sits in patio-tcp, where its Jackson
 * dataformat is a dependency, and is found through ServiceLoader.
 */
@NullMarked
package io.patio.serializer.cbor;

import org.jspecify.annotations.NullMarked;
