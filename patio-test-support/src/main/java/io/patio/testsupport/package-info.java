/**
 * Test support for every patio module: where the reactor's root and ../shared are, which
 * python3 to use, and whether a test that needs something outside the JVM is skipped or
 * fails (PATIO_REQUIRE_EXTERNALS).
 */
@NullMarked
package io.patio.testsupport;

import org.jspecify.annotations.NullMarked;
