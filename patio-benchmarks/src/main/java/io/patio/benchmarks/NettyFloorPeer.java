package io.patio.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.patio.protocol.Frame;
import io.patio.protocol.FrameEncoder;
import io.patio.protocol.PacketType;
import io.patio.serializer.CallPayload;
import io.patio.serializer.Serializer;
import tools.jackson.databind.JsonNode;

/**
 * The ceiling patio's TCP broker is measured against: a raw Netty echo with patio's
 * 9-byte framing and no serialization, no task and no executor.
 */
final class NettyFloorPeer {

	private static final int MAX_FRAME = 16 * 1024 * 1024;

	private NettyFloorPeer() {
	}

	/** The echo: each REQUEST frame goes back as it came. */
	static Channel serve(EventLoopGroup group) throws InterruptedException {
		return serve(group, () -> new SimpleChannelInboundHandler<ByteBuf>(false) {
			@Override
			protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
				ctx.write(frame);
			}

			@Override
			public void channelReadComplete(ChannelHandlerContext ctx) {
				ctx.flush();
			}
		});
	}

	/**
	 * The second floor: each REQUEST's payload is decoded (as patio's server decodes it,
	 * {@link Serializer#decodeCall}), {@code mul} of its arguments computed and the
	 * answer encoded as a RESPONSE, with the serializer patio's JSON brokers use (the
	 * same Jackson mapper, bounded the same way), on the event loop, with no executor.
	 * Between the two floors lies the cost of serialization; between this one and patio,
	 * patio's own.
	 */
	static Channel serveJson(EventLoopGroup group) throws InterruptedException {
		Serializer serializer = PatioTcpPeer.options("json").getSerializer().boundedFor(MAX_FRAME);
		return serve(group, () -> new SimpleChannelInboundHandler<ByteBuf>() {
			@Override
			protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
				int serial = frame.getInt(5);
				CallPayload request = serializer
					.decodeCall(ByteBufUtil.getBytes(frame, frame.readerIndex() + 9, frame.readableBytes() - 9));
				int product = 1;
				for (Object argument : request.args()) {
					product *= ((JsonNode) argument).intValue();
				}
				// framed as patio frames its answers (gathered until the flush)
				ctx.write(new Frame(PacketType.RESPONSE, Integer.toUnsignedLong(serial), serializer.encode(product)),
						ctx.voidPromise());
			}

			@Override
			public void channelReadComplete(ChannelHandlerContext ctx) {
				ctx.flush();
			}
		});
	}

	private static Channel serve(EventLoopGroup group, Supplier<ChannelHandler> handler) throws InterruptedException {
		return new ServerBootstrap().group(group)
			.channel(serverChannel())
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 1, 4, 4, 0));
					channel.pipeline().addLast(new FrameEncoder());
					channel.pipeline().addLast(handler.get());
				}
			})
			.bind("127.0.0.1", 0)
			.sync()
			.channel();
	}

	/** The same transport as patio's brokers: epoll where it loads, NIO otherwise. */
	private static final boolean EPOLL = !"nio".equalsIgnoreCase(System.getProperty("patio.transport"))
			&& io.netty.channel.epoll.Epoll.isAvailable();

	static EventLoopGroup group(int threads) {
		return new MultiThreadIoEventLoopGroup(threads,
				EPOLL ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory());
	}

	private static Class<? extends io.netty.channel.ServerChannel> serverChannel() {
		return EPOLL ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class;
	}

	private static Class<? extends io.netty.channel.Channel> socketChannel() {
		return EPOLL ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class;
	}

	/**
	 * Sends {@code payload} framed as a REQUEST and completes with the echoed frame's
	 * serial.
	 */
	static Load client(int port, int connections, byte[] payload) throws InterruptedException {
		EventLoopGroup group = group(1);
		Channel[] channels = new Channel[connections];
		ConcurrentHashMap<Integer, CompletableFuture<Integer>> pending = new ConcurrentHashMap<>();
		try {
			connect(group, channels, port, pending);
		}
		catch (InterruptedException | RuntimeException ex) {
			// its threads would keep this JVM alive
			group.shutdownGracefully().syncUninterruptibly();
			throw ex;
		}
		AtomicInteger serials = new AtomicInteger();
		AtomicInteger next = new AtomicInteger();
		return new Load() {
			@Override
			public CompletableFuture<?> call() {
				int serial = serials.incrementAndGet();
				CompletableFuture<Integer> call = new CompletableFuture<>();
				pending.put(serial, call);
				Channel channel = channels[Math.floorMod(next.getAndIncrement(), connections)];
				channel.writeAndFlush(new Frame(PacketType.REQUEST, Integer.toUnsignedLong(serial), payload),
						channel.voidPromise());
				return call;
			}

			@Override
			public void close() {
				for (Channel channel : channels) {
					channel.close().syncUninterruptibly();
				}
				group.shutdownGracefully().syncUninterruptibly();
			}
		};
	}

	private static void connect(EventLoopGroup group, Channel[] channels, int port,
			ConcurrentHashMap<Integer, CompletableFuture<Integer>> pending) throws InterruptedException {
		for (int i = 0; i < channels.length; i++) {
			channels[i] = new Bootstrap().group(group)
				.channel(socketChannel())
				.option(ChannelOption.TCP_NODELAY, true)
				.handler(new ChannelInitializer<Channel>() {
					@Override
					protected void initChannel(Channel channel) {
						channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 1, 4, 4, 0));
						// The same framing and flush coalescing as patio's pipeline
						// (REQUESTs gathered into one buffer until the flush), so that
						// the floor is a fair ceiling.
						channel.pipeline().addLast(new FrameEncoder());
						channel.pipeline().addLast(new FlushConsolidationHandler(256, true));
						channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
							@Override
							protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
								int serial = frame.getInt(5);
								CompletableFuture<Integer> call = pending.remove(serial);
								if (call != null) {
									call.complete(serial);
								}
							}
						});
					}
				})
				.connect("127.0.0.1", port)
				.sync()
				.channel();
		}
	}

}
