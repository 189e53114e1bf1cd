/**
 * Auto-configuration of patio's Micrometer metrics (executor gauges, call counters) and
 * of the observations of calls and executions.
 */
@NullMarked
package io.patio.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
