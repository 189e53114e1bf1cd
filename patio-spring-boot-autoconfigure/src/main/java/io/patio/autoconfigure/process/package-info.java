/**
 * The Spring side of the process-pool executor: SpringProcessWorker, the main class of a
 * worker process, which starts the same application in worker mode.
 */
@NullMarked
package io.patio.autoconfigure.process;

import org.jspecify.annotations.NullMarked;
