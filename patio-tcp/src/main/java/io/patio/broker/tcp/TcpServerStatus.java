package io.patio.broker.tcp;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link TcpClientBroker} stands with one configured server, for Actuator and logs.
 * Holds no secret: the last error is the message of a patio exception, which never shows
 * the key.
 *
 * @param server the server as configured
 * @param state the link's state
 * @param lastError the message of the latest failure, or {@code null} if there was none
 * since the last successful connection
 * @param since when the link entered this state
 */
public record TcpServerStatus(TcpAddress server, State state, @Nullable String lastError, Instant since) {

	/** The state of the link to one server. */
	public enum State {

		/**
		 * The first attempt is under way: dialling, TLS, handshake or discovery. Calls
		 * for tasks no connected peer offers wait for it to end.
		 */
		CONNECTING,
		/** Handshake and discovery done: calls may go to this server. */
		CONNECTED,
		/**
		 * The last attempt failed (refused, unreachable, handshake timeout, refused by a
		 * server at its connection limit) or the connection was lost; retrying with
		 * back-off.
		 */
		RETRYING,
		/**
		 * The server refused our key (or our serializer); retrying at the reconnect rate.
		 */
		AUTHENTICATION_FAILED,
		/**
		 * The TLS handshake failed (untrusted certificate, wrong host name, no client
		 * certificate); retrying.
		 */
		TLS_FAILED,
		/** The broker is closed. */
		STOPPED;

		/**
		 * The name as Actuator shows it: lower case with dashes, e.g.
		 * {@code authentication-failed}.
		 */
		public String display() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
