/**
 * Typed clients in Spring: {@link io.patio.autoconfigure.client.ImportPatioClients}
 * registers a client bean per contract interface, with its AOT hints.
 */
package io.patio.autoconfigure.client;
