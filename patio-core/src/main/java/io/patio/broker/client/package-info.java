/**
 * The caller's side of typed clients: {@link io.patio.broker.client.PatioClients} turns a
 * {@link io.patio.client.PatioClient @PatioClient} interface into a proxy whose methods
 * are calls through a broker, each method worked out once when the proxy is made.
 */
@NullMarked
package io.patio.broker.client;

import org.jspecify.annotations.NullMarked;
