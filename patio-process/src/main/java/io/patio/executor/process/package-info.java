/**
 * The process-pool executor: ProcessPoolPatioExecutor runs tasks in worker JVMs that it
 * launches, watches, recycles and restarts, for isolation and hard timeouts;
 * ProcessWorker is the main class of a plain-Java worker, ProcessPoolOptions holds the
 * pool's settings.
 */
@NullMarked
package io.patio.executor.process;

import org.jspecify.annotations.NullMarked;
