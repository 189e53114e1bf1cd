/**
 * patio's Actuator endpoint, which shows the registry, the executor and the broker, and
 * the sanitizing function that masks the TCP key whatever show-values says.
 */
@NullMarked
package io.patio.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
