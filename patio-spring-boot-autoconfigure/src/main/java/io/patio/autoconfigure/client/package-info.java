/**
 * Typed clients in Spring: {@link io.patio.autoconfigure.client.ImportPatioClients}
 * registers a client bean per contract interface, with its AOT hints.
 */
@NullMarked
package io.patio.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
