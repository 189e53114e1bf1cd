package io.patio.broker.tcp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A {@code host:port} address as configured, an IPv6 literal in brackets
 * ({@code [::1]:15383}). The port defaults to {@value #DEFAULT_PORT}. The host name is
 * kept unresolved so that a client resolves it again at each connection attempt.
 *
 * @param host a host name or IP literal (without brackets)
 * @param port the port, 0 to 65535 (0 lets a server pick a free port)
 */
public record TcpAddress(String host, int port) {

	/** The protocol's default port. */
	public static final int DEFAULT_PORT = 15383;

	public TcpAddress {
		Objects.requireNonNull(host, "host");
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("Port must be 0 to 65535, not " + port);
		}
	}

	/**
	 * Parses {@code host:port}, {@code host}, {@code [v6]:port} or {@code [v6]}.
	 * @throws IllegalArgumentException when the text is not an address
	 */
	public static TcpAddress parse(String text) {
		String value = Objects.requireNonNull(text, "address").trim();
		if (value.isEmpty()) {
			throw new IllegalArgumentException("Empty address; write host:port, e.g. 127.0.0.1:15383 or [::1]:15383");
		}
		String host;
		String port = null;
		if (value.startsWith("[")) {
			int end = value.indexOf(']');
			if (end < 0) {
				throw new IllegalArgumentException("Address '" + text + "' opens '[' without closing it");
			}
			host = value.substring(1, end);
			String rest = value.substring(end + 1);
			if (!rest.isEmpty()) {
				if (!rest.startsWith(":")) {
					throw new IllegalArgumentException("Address '" + text + "': expected ':port' after ']'");
				}
				port = rest.substring(1);
			}
		}
		else {
			int colon = value.lastIndexOf(':');
			if (colon >= 0 && value.indexOf(':') != colon) {
				throw new IllegalArgumentException(
						"Address '" + text + "': write an IPv6 literal in brackets, e.g. [::1]:15383");
			}
			host = (colon >= 0) ? value.substring(0, colon) : value;
			port = (colon >= 0) ? value.substring(colon + 1) : null;
		}
		if (host.isEmpty()) {
			throw new IllegalArgumentException("Address '" + text + "' has no host");
		}
		try {
			return new TcpAddress(host, (port != null) ? Integer.parseInt(port) : DEFAULT_PORT);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Address '" + text + "' has an invalid port '" + port + "'");
		}
	}

	/** An unresolved socket address, resolved when it is connected to or bound. */
	public InetSocketAddress toUnresolved() {
		return InetSocketAddress.createUnresolved(this.host, this.port);
	}

	/** A resolved socket address (for binding). */
	public InetSocketAddress toResolved() {
		return new InetSocketAddress(this.host, this.port);
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

	/** Parses each address, as {@link #parse(String)} does. */
	public static java.util.List<TcpAddress> parseAll(String... addresses) {
		java.util.List<TcpAddress> parsed = new java.util.ArrayList<>();
		for (String address : addresses) {
			parsed.add(parse(address));
		}
		return parsed;
	}

}
