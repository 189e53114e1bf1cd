/**
 * Typed clients: a task contract is an interface annotated
 * {@link io.patio.client.PatioClient @PatioClient}, whose parameters may carry
 * {@link io.patio.client.Kwarg @Kwarg}, {@link io.patio.client.Header @Header} or
 * {@link io.patio.client.Timeout @Timeout}. Workers register implementations of it,
 * callers call through a proxy ({@code io.patio.broker.client.PatioClients}).
 */
@NullMarked
package io.patio.client;

import org.jspecify.annotations.NullMarked;
