/**
 * A private, authenticated link over loopback between a parent process and one child
 * process, such as a process-pool worker: the small interface through which a user of the
 * link (the process pool) reaches a transport (TCP) without importing it. The transport
 * that implements it is found with {@link java.util.ServiceLoader}.
 */
@NullMarked
package io.patio.broker.loopback;

import org.jspecify.annotations.NullMarked;
