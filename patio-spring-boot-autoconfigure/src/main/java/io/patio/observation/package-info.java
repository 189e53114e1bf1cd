/**
 * Micrometer observations of patio's calls (on the caller's side) and executions (on the
 * worker's side): their contexts, conventions with low-cardinality keys, and the
 * interceptors that make them.
 */
@NullMarked
package io.patio.observation;

import org.jspecify.annotations.NullMarked;
