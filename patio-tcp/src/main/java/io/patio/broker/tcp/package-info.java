/**
 * The TCP brokers, on Netty: TcpServerBroker listens and TcpClientBroker dials, both
 * calling and executing, speaking patio's wire protocol with its keyed handshake,
 * discovery, pings and back-pressure. TcpBrokerOptions holds their settings.
 */
@NullMarked
package io.patio.broker.tcp;

import org.jspecify.annotations.NullMarked;
