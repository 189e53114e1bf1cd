package io.patio.broker.tcp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import io.netty.handler.ssl.SslContext;
import io.patio.InvalidOptionException;
import io.patio.broker.AbstractPatioBroker;
import io.patio.protocol.HandshakeDigest;
import io.patio.serializer.JsonSerializer;
import io.patio.serializer.Serializer;
import org.jspecify.annotations.Nullable;

// Longer than 400 lines because each of its twenty settings appears five times (field,
// constructor, toBuilder, getter, and the builder's setter with its check and Javadoc);
// split by concern it would be several values that the brokers must still pass around
// together.
/**
 * The settings the TCP brokers share. Immutable; build one with {@link #builder()}. The
 * key never shows in {@link #toString()}.
 */
public final class TcpBrokerOptions {

	/** The default limit on a frame's payload: 16 MiB. */
	public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

	/**
	 * The default limit on a frame's payload before the handshake is over: 1 KiB. A
	 * handshake packet is about 100 bytes (JSON's AUTH_REQUEST is 98, a pickled one from
	 * a Python peer a little more); ten times that leaves room for any serializer while
	 * an unauthenticated peer can make a connection buffer no more than this.
	 */
	public static final int DEFAULT_HANDSHAKE_MAX_FRAME_SIZE = 1024;

	/** The smallest handshake frame limit: every handshake packet fits in it. */
	public static final int MIN_HANDSHAKE_MAX_FRAME_SIZE = 256;

	/**
	 * The default limit on connections a server holds in the handshake: 1024. A pending
	 * handshake costs a channel, a challenge and a timer, a few kilobytes; an honest one
	 * lasts a round trip, so 1024 at once is far above any honest burst yet bounded.
	 */
	public static final int DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS = 1024;

	/**
	 * The default limit on connections from one address in the handshake: 64. A client
	 * dials each server once, so an honest host, even a NAT in front of a fleet that
	 * restarts at once, rarely has more pending; one hostile address gets at most 1/16 of
	 * the default total.
	 */
	public static final int DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS = 64;

	private final byte[] key;

	private final int maxFrameSize;

	private final int handshakeMaxFrameSize;

	private final Duration handshakeTimeout;

	private final Serializer serializer;

	private final Duration reconnectDelay;

	private final Duration reconnectMaxDelay;

	private final Duration defaultTimeout;

	private final int maxInFlightPerConnection;

	private final int eventLoopThreads;

	private final SslContext sslContext;

	private final Duration pingInterval;

	private final int maxConnections;

	private final int maxUnauthenticatedConnections;

	private final int maxUnauthenticatedPerAddress;

	private final Boolean waitForPeer;

	private final int maxPendingWriteBytes;

	private final Duration busyPoll;

	private final Duration pingTimeout;

	private final Duration shutdownGrace;

	private TcpBrokerOptions(Builder builder) {
		this.key = builder.key.clone();
		this.maxFrameSize = builder.maxFrameSize;
		this.handshakeMaxFrameSize = builder.handshakeMaxFrameSize;
		this.handshakeTimeout = builder.handshakeTimeout;
		this.serializer = builder.serializer;
		this.reconnectDelay = builder.reconnectDelay;
		this.reconnectMaxDelay = builder.reconnectMaxDelay;
		this.defaultTimeout = builder.defaultTimeout;
		this.maxInFlightPerConnection = builder.maxInFlightPerConnection;
		this.eventLoopThreads = builder.eventLoopThreads;
		this.sslContext = builder.sslContext;
		this.pingInterval = builder.pingInterval;
		this.pingTimeout = builder.pingTimeout;
		this.maxConnections = builder.maxConnections;
		this.maxUnauthenticatedConnections = builder.maxUnauthenticatedConnections;
		this.maxUnauthenticatedPerAddress = builder.maxUnauthenticatedPerAddress;
		this.waitForPeer = builder.waitForPeer;
		this.maxPendingWriteBytes = builder.maxPendingWriteBytes;
		this.busyPoll = builder.busyPoll;
		this.shutdownGrace = builder.shutdownGrace;
	}

	/**
	 * The defaults: empty key, JSON, 16 MiB frames, 5 s handshake, reconnect 1 s to 30 s.
	 */
	public static TcpBrokerOptions defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder that starts from these options (for customizers). */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.key = this.key.clone();
		builder.maxFrameSize = this.maxFrameSize;
		builder.handshakeMaxFrameSize = this.handshakeMaxFrameSize;
		builder.handshakeTimeout = this.handshakeTimeout;
		builder.serializer = this.serializer;
		builder.reconnectDelay = this.reconnectDelay;
		builder.reconnectMaxDelay = this.reconnectMaxDelay;
		builder.defaultTimeout = this.defaultTimeout;
		builder.maxInFlightPerConnection = this.maxInFlightPerConnection;
		builder.eventLoopThreads = this.eventLoopThreads;
		builder.sslContext = this.sslContext;
		builder.pingInterval = this.pingInterval;
		builder.pingTimeout = this.pingTimeout;
		builder.maxConnections = this.maxConnections;
		builder.maxUnauthenticatedConnections = this.maxUnauthenticatedConnections;
		builder.maxUnauthenticatedPerAddress = this.maxUnauthenticatedPerAddress;
		builder.waitForPeer = this.waitForPeer;
		builder.maxPendingWriteBytes = this.maxPendingWriteBytes;
		builder.busyPoll = this.busyPoll;
		builder.shutdownGrace = this.shutdownGrace;
		return builder;
	}

	/** A copy of the shared key. */
	public byte[] getKey() {
		return this.key.clone();
	}

	byte[] key() {
		return this.key;
	}

	/**
	 * The largest frame payload accepted once the handshake is over, and sent: a call
	 * whose REQUEST would be larger fails with {@link io.patio.PayloadTooLargeException}
	 * before it is sent, a result that would be larger is answered {@code too-large}, and
	 * a larger frame from a peer is discarded unread and answered by type. Peers do not
	 * exchange limits: give every peer the same value.
	 */
	public int getMaxFrameSize() {
		return this.maxFrameSize;
	}

	/**
	 * The largest frame payload accepted before the handshake is over (AUTH_DIGEST,
	 * AUTH_REQUEST, AUTH_OK); a larger frame closes the connection at its header.
	 */
	public int getHandshakeMaxFrameSize() {
		return this.handshakeMaxFrameSize;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	public Serializer getSerializer() {
		return this.serializer;
	}

	public Duration getReconnectDelay() {
		return this.reconnectDelay;
	}

	public Duration getReconnectMaxDelay() {
		return this.reconnectMaxDelay;
	}

	/** The timeout of calls that set none. */
	public Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	/**
	 * How many calls from one peer may run at once before the connection stops reading.
	 */
	public int getMaxInFlightPerConnection() {
		return this.maxInFlightPerConnection;
	}

	public int getEventLoopThreads() {
		return this.eventLoopThreads;
	}

	/**
	 * How long a connection may read nothing before it is pinged with a DISCOVER_REQUEST.
	 */
	public Duration getPingInterval() {
		return this.pingInterval;
	}

	/** How long a pinged peer has to answer before it is dropped. */
	public Duration getPingTimeout() {
		return this.pingTimeout;
	}

	/**
	 * The most authenticated connections a server keeps at once, checked when a client
	 * has proved the key (at AUTH_OK): a client over it is answered with an ERROR
	 * ({@code rejected}) instead of AUTH_OK and closed, with a logged reason. Connections
	 * still in the handshake do not count here; see
	 * {@link #getMaxUnauthenticatedConnections()}.
	 */
	public int getMaxConnections() {
		return this.maxConnections;
	}

	/**
	 * The most connections a server holds that have not finished the handshake. A new
	 * connection when this many are pending closes the oldest pending one, never the
	 * newcomer, so that idle sockets cannot keep an honest client out.
	 */
	public int getMaxUnauthenticatedConnections() {
		return this.maxUnauthenticatedConnections;
	}

	/**
	 * The most connections from one remote address (IP) that a server holds before they
	 * finish the handshake; a new one from that address beyond it is closed at once.
	 */
	public int getMaxUnauthenticatedPerAddress() {
		return this.maxUnauthenticatedPerAddress;
	}

	/**
	 * Whether a call for which no connected peer offers the task waits for one within its
	 * budget, whatever the state of the connections; {@code null} (the default) leaves it
	 * to the broker: a server waits, a client waits only while a configured server has
	 * not finished its first attempt.
	 */
	public @Nullable Boolean getWaitForPeer() {
		return this.waitForPeer;
	}

	/**
	 * The most bytes a connection buffers for a peer that reads slower than calls are
	 * made; past it, calls on that connection fail at once with a
	 * {@code RejectedCallException} until the peer catches up.
	 */
	public int getMaxPendingWriteBytes() {
		return this.maxPendingWriteBytes;
	}

	/**
	 * How long an event loop keeps polling after its last work before it sleeps; zero for
	 * never.
	 */
	public Duration getBusyPoll() {
		return this.busyPoll;
	}

	/**
	 * How long {@code close()} lets the calls already running (the peers' and ours)
	 * finish before the connections close; meanwhile new calls from peers are answered
	 * {@code shutting-down}. Zero (the default) closes at once and fails what is in
	 * flight.
	 */
	public Duration getShutdownGrace() {
		return this.shutdownGrace;
	}

	/** The TLS context, or {@code null} for plain TCP. */
	public @Nullable SslContext getSslContext() {
		return this.sslContext;
	}

	@Override
	public String toString() {
		return "TcpBrokerOptions[key=" + ((this.key.length > 0) ? "(set)" : "(empty)") + ", serializer="
				+ this.serializer.getName() + ", maxFrameSize=" + this.maxFrameSize + ", handshakeMaxFrameSize="
				+ this.handshakeMaxFrameSize + ", handshakeTimeout=" + this.handshakeTimeout + ", reconnectDelay="
				+ this.reconnectDelay + ", reconnectMaxDelay=" + this.reconnectMaxDelay + ", pingInterval="
				+ this.pingInterval + ", pingTimeout=" + this.pingTimeout + ", defaultTimeout=" + this.defaultTimeout
				+ ", shutdownGrace=" + this.shutdownGrace + ", maxConnections=" + this.maxConnections
				+ ", maxUnauthenticatedConnections=" + this.maxUnauthenticatedConnections
				+ ", maxUnauthenticatedPerAddress=" + this.maxUnauthenticatedPerAddress + ", waitForPeer="
				+ this.waitForPeer + ", maxPendingWriteBytes=" + this.maxPendingWriteBytes + ", busyPoll="
				+ this.busyPoll + ", tls=" + (this.sslContext != null) + "]";
	}

	/** Builds {@link TcpBrokerOptions}. */
	public static final class Builder {

		private byte[] key = new byte[0];

		private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

		private int handshakeMaxFrameSize = DEFAULT_HANDSHAKE_MAX_FRAME_SIZE;

		private Duration handshakeTimeout = Duration.ofSeconds(5);

		private Serializer serializer = JsonSerializer.INSTANCE;

		private Duration reconnectDelay = Duration.ofSeconds(1);

		private Duration reconnectMaxDelay = Duration.ofSeconds(30);

		private Duration defaultTimeout = AbstractPatioBroker.DEFAULT_TIMEOUT;

		private int maxInFlightPerConnection = 1024;

		private int eventLoopThreads = Math.min(2, Runtime.getRuntime().availableProcessors());

		private SslContext sslContext;

		private Duration pingInterval = Duration.ofSeconds(10);

		private Duration pingTimeout = Duration.ofSeconds(10);

		private int maxConnections = Integer.MAX_VALUE;

		private int maxUnauthenticatedConnections = DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS;

		private int maxUnauthenticatedPerAddress = DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS;

		private Boolean waitForPeer;

		private int maxPendingWriteBytes = 4 * 1024 * 1024;

		private Duration busyPoll = Duration.ZERO;

		private Duration shutdownGrace = Duration.ZERO;

		private Builder() {
		}

		/**
		 * The shared key, at most 32 bytes; empty (the default) makes the digest unkeyed.
		 */
		public Builder key(byte[] key) {
			Objects.requireNonNull(key, "key");
			if (key.length > HandshakeDigest.MAX_KEY_SIZE) {
				// never the key itself: this message ends up in logs
				throw new InvalidOptionException("key", "key is " + key.length
						+ " bytes long; it must be at most 32 bytes (BLAKE2s's key size). Use the same shorter key on"
						+ " every peer of the project.");
			}
			this.key = key.clone();
			return this;
		}

		/** The shared key as UTF-8 text, at most 32 bytes. */
		public Builder key(String key) {
			return key((key != null) ? key.getBytes(StandardCharsets.UTF_8) : new byte[0]);
		}

		/**
		 * The limit on a frame's payload, at least
		 * {@value TcpBrokerOptions#MIN_HANDSHAKE_MAX_FRAME_SIZE} bytes (a handshake
		 * packet must fit) and not below {@link #handshakeMaxFrameSize(int)}; default 16
		 * MiB.
		 */
		public Builder maxFrameSize(int maxFrameSize) {
			if (maxFrameSize < MIN_HANDSHAKE_MAX_FRAME_SIZE) {
				throw new InvalidOptionException("max-frame-size", "max-frame-size must be at least "
						+ MIN_HANDSHAKE_MAX_FRAME_SIZE + " bytes (a handshake packet must fit), not " + maxFrameSize);
			}
			this.maxFrameSize = maxFrameSize;
			return this;
		}

		/**
		 * The limit on a frame's payload before the handshake is over, at least
		 * {@value TcpBrokerOptions#MIN_HANDSHAKE_MAX_FRAME_SIZE} bytes and at most
		 * {@link #maxFrameSize(int)} (checked by {@link #build()}); default 1 KiB.
		 */
		public Builder handshakeMaxFrameSize(int handshakeMaxFrameSize) {
			if (handshakeMaxFrameSize < MIN_HANDSHAKE_MAX_FRAME_SIZE) {
				throw new InvalidOptionException("handshake-max-frame-size",
						"handshake-max-frame-size must be at least " + MIN_HANDSHAKE_MAX_FRAME_SIZE + " bytes, not "
								+ handshakeMaxFrameSize);
			}
			this.handshakeMaxFrameSize = handshakeMaxFrameSize;
			return this;
		}

		public Builder handshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = positive(handshakeTimeout, "handshake-timeout");
			return this;
		}

		public Builder serializer(Serializer serializer) {
			this.serializer = Objects.requireNonNull(serializer, "serializer");
			return this;
		}

		public Builder reconnectDelay(Duration reconnectDelay) {
			this.reconnectDelay = positive(reconnectDelay, "reconnect-delay");
			return this;
		}

		public Builder reconnectMaxDelay(Duration reconnectMaxDelay) {
			this.reconnectMaxDelay = positive(reconnectMaxDelay, "reconnect-max-delay");
			return this;
		}

		public Builder defaultTimeout(Duration defaultTimeout) {
			this.defaultTimeout = positive(defaultTimeout, "timeout");
			return this;
		}

		public Builder maxInFlightPerConnection(int maxInFlightPerConnection) {
			if (maxInFlightPerConnection < 1) {
				throw new InvalidOptionException("max-in-flight-per-connection",
						"max-in-flight-per-connection must be at least 1, not " + maxInFlightPerConnection);
			}
			this.maxInFlightPerConnection = maxInFlightPerConnection;
			return this;
		}

		public Builder eventLoopThreads(int eventLoopThreads) {
			if (eventLoopThreads < 1) {
				throw new InvalidOptionException("event-loop-threads",
						"event-loop-threads must be at least 1, not " + eventLoopThreads);
			}
			this.eventLoopThreads = eventLoopThreads;
			return this;
		}

		/**
		 * Lets each event loop keep polling, without sleeping, for this long after it
		 * last had work (default zero: it sleeps at once). A call that arrives, or an
		 * answer that a worker hands back, within that window is handled without waking a
		 * sleeping thread, which on virtual machines costs tens of microseconds. The
		 * price is CPU: up to this long per event loop each time it goes idle, so under
		 * steady traffic with shorter gaps an event loop keeps a core busy. Worth it on a
		 * worker that must answer fast and has cores to spare; at most 10 ms.
		 */
		public Builder busyPoll(Duration busyPoll) {
			if (busyPoll == null || busyPoll.isNegative() || busyPoll.compareTo(Duration.ofMillis(10)) > 0) {
				throw new InvalidOptionException("busy-poll", "busy-poll must be between 0 and 10ms, not " + busyPoll);
			}
			this.busyPoll = busyPoll;
			return this;
		}

		/**
		 * Pings a connection that read nothing for this long (a half-open peer is found
		 * this way).
		 */
		public Builder pingInterval(Duration pingInterval) {
			this.pingInterval = positive(pingInterval, "ping-interval");
			return this;
		}

		/**
		 * Drops a pinged peer that does not answer within this time; its in-flight calls
		 * fail.
		 */
		public Builder pingTimeout(Duration pingTimeout) {
			this.pingTimeout = positive(pingTimeout, "ping-timeout");
			return this;
		}

		/**
		 * The most authenticated connections a server keeps at once (default: no limit),
		 * checked at AUTH_OK; a client over it gets an ERROR instead of AUTH_OK.
		 */
		public Builder maxConnections(int maxConnections) {
			if (maxConnections < 1) {
				throw new InvalidOptionException("max-connections",
						"max-connections must be at least 1, not " + maxConnections + "; leave it unset for no limit");
			}
			this.maxConnections = maxConnections;
			return this;
		}

		/**
		 * The most connections a server holds in the handshake at once (default
		 * {@value TcpBrokerOptions#DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS}); when full,
		 * a new connection closes the oldest one still in the handshake.
		 */
		public Builder maxUnauthenticatedConnections(int maxUnauthenticatedConnections) {
			if (maxUnauthenticatedConnections < 1) {
				throw new InvalidOptionException("max-unauthenticated-connections",
						"max-unauthenticated-connections must be at least 1, not " + maxUnauthenticatedConnections);
			}
			this.maxUnauthenticatedConnections = maxUnauthenticatedConnections;
			return this;
		}

		/**
		 * The most connections from one remote address a server holds in the handshake at
		 * once (default
		 * {@value TcpBrokerOptions#DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS}); a new one
		 * from that address beyond it is closed.
		 */
		public Builder maxUnauthenticatedPerAddress(int maxUnauthenticatedPerAddress) {
			if (maxUnauthenticatedPerAddress < 1) {
				throw new InvalidOptionException("max-unauthenticated-per-address",
						"max-unauthenticated-per-address must be at least 1, not " + maxUnauthenticatedPerAddress);
			}
			this.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress;
			return this;
		}

		/**
		 * Whether a call that finds no peer offering its task waits for one within its
		 * budget in every state ({@code true}), or only while a peer can soon come
		 * ({@code false}: on a client, while a configured server has not finished its
		 * first attempt; on a server, never). {@code null}, the default, is {@code true}
		 * on a server and {@code false} on a client.
		 */
		public Builder waitForPeer(@Nullable Boolean waitForPeer) {
			this.waitForPeer = waitForPeer;
			return this;
		}

		/**
		 * The most bytes a connection buffers for a slow peer before its calls are
		 * rejected (default 4 MiB, about 50,000 small calls).
		 */
		public Builder maxPendingWriteBytes(int maxPendingWriteBytes) {
			if (maxPendingWriteBytes < 64 * 1024) {
				throw new InvalidOptionException("max-pending-writes",
						"max-pending-writes must be at least 64 KiB, not " + maxPendingWriteBytes + " bytes");
			}
			this.maxPendingWriteBytes = maxPendingWriteBytes;
			return this;
		}

		/**
		 * TLS: a server context for a server broker, a client context for a client
		 * broker.
		 */
		public Builder sslContext(@Nullable SslContext sslContext) {
			this.sslContext = sslContext;
			return this;
		}

		/**
		 * TLS from a JDK {@code SSLContext}, for a client broker. The client verifies the
		 * server's host name.
		 */
		public Builder clientSslContext(javax.net.ssl.SSLContext sslContext) {
			this.sslContext = new io.netty.handler.ssl.JdkSslContext(Objects.requireNonNull(sslContext, "sslContext"),
					true, io.netty.handler.ssl.ClientAuth.NONE);
			return this;
		}

		/**
		 * TLS from a JDK {@code SSLContext}, for a server broker; {@code clientAuth}
		 * {@code REQUIRE} makes it mutual TLS.
		 */
		public Builder serverSslContext(javax.net.ssl.SSLContext sslContext,
				io.netty.handler.ssl.ClientAuth clientAuth) {
			this.sslContext = new io.netty.handler.ssl.JdkSslContext(Objects.requireNonNull(sslContext, "sslContext"),
					false, Objects.requireNonNull(clientAuth, "clientAuth"));
			return this;
		}

		/**
		 * How long {@code close()} lets running calls finish (default zero: close at
		 * once).
		 */
		public Builder shutdownGrace(Duration shutdownGrace) {
			if (shutdownGrace == null || shutdownGrace.isNegative()) {
				throw new InvalidOptionException("shutdown-grace",
						"shutdown-grace must be zero or a positive duration, not " + shutdownGrace);
			}
			this.shutdownGrace = shutdownGrace;
			return this;
		}

		/**
		 * The options.
		 * @throws IllegalArgumentException when reconnect-max-delay is shorter than
		 * reconnect-delay, or handshake-max-frame-size is larger than max-frame-size
		 */
		public TcpBrokerOptions build() {
			if (this.handshakeMaxFrameSize > this.maxFrameSize) {
				throw new InvalidOptionException("handshake-max-frame-size",
						"handshake-max-frame-size (" + this.handshakeMaxFrameSize
								+ " bytes) must not be larger than max-frame-size (" + this.maxFrameSize
								+ " bytes); lower handshake-max-frame-size (at least " + MIN_HANDSHAKE_MAX_FRAME_SIZE
								+ " bytes) or raise max-frame-size");
			}
			if (this.reconnectMaxDelay.compareTo(this.reconnectDelay) < 0) {
				throw new InvalidOptionException("reconnect-max-delay", "reconnect-max-delay (" + this.reconnectMaxDelay
						+ ") must not be shorter than reconnect-delay (" + this.reconnectDelay + ")");
			}
			return new TcpBrokerOptions(this);
		}

		private static Duration positive(Duration duration, String name) {
			if (duration == null || duration.isZero() || duration.isNegative()) {
				throw new InvalidOptionException(name, name + " must be a positive duration, not " + duration);
			}
			return duration;
		}

	}

}
