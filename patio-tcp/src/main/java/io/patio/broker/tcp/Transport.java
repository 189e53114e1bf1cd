package io.patio.broker.tcp;

import java.nio.channels.spi.SelectorProvider;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty transport the TCP brokers use: Linux's native epoll where it loads, which
 * wakes up faster than NIO, and NIO everywhere else. {@code -Dpatio.transport=nio} forces
 * NIO.
 */
enum Transport {

	EPOLL, NIO;

	static final Transport CURRENT = choose();

	private static Transport choose() {
		if ("nio".equalsIgnoreCase(System.getProperty("patio.transport"))) {
			return NIO;
		}
		try {
			return Epoll.isAvailable() ? EPOLL : NIO;
		}
		catch (Throwable ex) {
			return NIO;
		}
	}

	/**
	 * The I/O handlers of an event loop group; a positive {@code busyPollNanos} polls
	 * that long before sleeping.
	 */
	IoHandlerFactory ioHandlerFactory(long busyPollNanos) {
		if (busyPollNanos <= 0) {
			return (this == EPOLL) ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		}
		return (this == EPOLL) ? EpollIoHandler.newFactory(0, () -> new SpinThenSelect(busyPollNanos))
				: NioIoHandler.newFactory(SelectorProvider.provider(), () -> new SpinThenSelect(busyPollNanos));
	}

	Class<? extends ServerChannel> serverChannel() {
		return (this == EPOLL) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
	}

	Class<? extends SocketChannel> socketChannel() {
		return (this == EPOLL) ? EpollSocketChannel.class : NioSocketChannel.class;
	}

}
