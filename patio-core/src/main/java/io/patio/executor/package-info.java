/**
 * Executors run tasks of the registry with bounded resources: ThreadPoolPatioExecutor on
 * a pool of threads, AsyncPatioExecutor for tasks that return a CompletionStage,
 * NullPatioExecutor for a process that only calls. AbstractPatioExecutor is the
 * scaffolding they share: admission, the queue, interceptors and statistics.
 */
@NullMarked
package io.patio.executor;

import org.jspecify.annotations.NullMarked;
