/**
 * The serializer SPI: a Serializer turns values into bytes for a wire and back, chosen by
 * name through SerializerCatalog (a module adds one with ServiceLoader). JSON, the
 * default, is here; other encodings live in their own modules.
 */
@NullMarked
package io.patio.serializer;

import org.jspecify.annotations.NullMarked;
