/**
 * Auto-configuration of the health indicators of patio's broker and executor.
 */
@NullMarked
package io.patio.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
