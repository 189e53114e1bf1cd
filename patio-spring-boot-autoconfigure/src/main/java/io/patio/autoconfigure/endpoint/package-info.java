/**
 * Auto-configuration of patio's Actuator endpoint and of the sanitizing that always masks
 * the TCP key.
 */
@NullMarked
package io.patio.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
