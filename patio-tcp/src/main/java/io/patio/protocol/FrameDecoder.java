package io.patio.protocol;

import java.util.List;

import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Cuts the byte stream into {@link Frame}s: a 9-byte header (type int8, size uint32 BE,
 * serial uint32 BE) and {@code size} bytes of payload.
 * <p>
 * Until {@link #authenticated()} is called (the handshake is over), a frame may be at
 * most {@code min(handshakeMaxFrameSize, maxFrameSize)} bytes: a larger one, of any type,
 * closes the connection at its header, before any of its payload is buffered (never an
 * {@link OversizedFrame}: no handler before the handshake's end expects one). After it,
 * the limit is {@code maxFrameSize}; a larger REQUEST, RESPONSE or ERROR is not buffered
 * but its bytes are skipped as they arrive, and once the last one has gone by an
 * {@link OversizedFrame} with its type and serial is passed on, so the connection can
 * answer it and go on. Any other oversized frame, and a frame of an unknown type, closes
 * the connection with a logged reason. A connection that ends inside a frame is logged as
 * truncated. The payload of a frame within the limit is buffered until it is complete;
 * nothing is ever allocated for the size a header merely declares.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

	private final FaultLog log;

	private final int handshakeMaxFrameSize;

	private final int maxFrameSize;

	private boolean authenticated;

	private boolean failed;

	// the oversized frame whose payload is being skipped, while discardRemaining > 0
	private PacketType discardType;

	/** Whole frames read so far, oversized ones included; on the event loop only. */
	private long framesRead;

	private long discardSerial;

	private long discardSize;

	private long discardRemaining;

	/** A decoder with a fault budget of its own (for tests and single connections). */
	public FrameDecoder(int handshakeMaxFrameSize, int maxFrameSize) {
		this(handshakeMaxFrameSize, maxFrameSize, new FaultBudget());
	}

	/**
	 * A decoder with the limit {@code handshakeMaxFrameSize} until the handshake is over
	 * and {@code maxFrameSize} after it.
	 * @param faults the broker's budget for lines about closed connections
	 */
	public FrameDecoder(int handshakeMaxFrameSize, int maxFrameSize, FaultBudget faults) {
		this.handshakeMaxFrameSize = handshakeMaxFrameSize;
		this.maxFrameSize = maxFrameSize;
		this.log = new FaultLog(LoggerFactory.getLogger(FrameDecoder.class), faults);
	}

	/**
	 * The handshake is over: from the next frame on, {@code maxFrameSize} applies and an
	 * oversized REQUEST, RESPONSE or ERROR is skipped and reported instead of closing the
	 * connection. Called on the channel's event loop.
	 */
	public void authenticated() {
		this.authenticated = true;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.failed) {
			in.skipBytes(in.readableBytes());
			return;
		}
		if (this.discardRemaining > 0) {
			int skipped = (int) Math.min(in.readableBytes(), this.discardRemaining);
			in.skipBytes(skipped);
			this.discardRemaining -= skipped;
			if (this.discardRemaining == 0) {
				out.add(new OversizedFrame(this.discardType, this.discardSerial, this.discardSize, this.maxFrameSize));
				this.framesRead++;
				this.discardType = null;
			}
			return;
		}
		if (in.readableBytes() < Frame.HEADER_SIZE) {
			return;
		}
		int start = in.readerIndex();
		int typeByte = in.getByte(start);
		long size = in.getUnsignedInt(start + 1);
		long serial = in.getUnsignedInt(start + 5);
		PacketType type = PacketType.fromWire(typeByte);
		if (type == null) {
			fail(ctx, in, "unknown packet type " + typeByte);
			return;
		}
		if (!this.authenticated) {
			if (size > this.handshakeMaxFrameSize) {
				fail(ctx, in, type + " frame of " + size + " bytes before the handshake finished is over the"
						+ " handshake limit of " + this.handshakeMaxFrameSize + " bytes (handshake-max-frame-size)");
				return;
			}
			if (size > this.maxFrameSize) {
				fail(ctx, in, type + " frame of " + size + " bytes before the handshake finished is over the limit of "
						+ this.maxFrameSize + " bytes (max-frame-size)");
				return;
			}
		}
		if (size > this.maxFrameSize) {
			if (type == PacketType.REQUEST || type == PacketType.RESPONSE || type == PacketType.ERROR) {
				// skip it as it arrives, then report it
				in.skipBytes(Frame.HEADER_SIZE);
				this.discardType = type;
				this.discardSerial = serial;
				this.discardSize = size;
				this.discardRemaining = size;
				return;
			}
			fail(ctx, in, type + " frame of " + size + " bytes is over the limit of " + this.maxFrameSize
					+ " bytes (max-frame-size)");
			return;
		}
		if (in.readableBytes() < Frame.HEADER_SIZE + size) {
			return;
		}
		in.skipBytes(Frame.HEADER_SIZE);
		byte[] payload = new byte[(int) size];
		in.readBytes(payload);
		out.add(new Frame(type, serial, payload));
		this.framesRead++;
	}

	/**
	 * How many whole frames this decoder has read, oversized ones included: what tells a
	 * live peer from one that trickles the bytes of a frame it never finishes. Read it on
	 * the channel's event loop.
	 */
	public long framesRead() {
		return this.framesRead;
	}

	@Override
	protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
		decode(ctx, in, out);
		if (!this.failed && (in.isReadable() || this.discardRemaining > 0)) {
			// the peer went away in the middle of a frame
			long into = (this.discardRemaining > 0) ? this.discardSize - this.discardRemaining : in.readableBytes();
			log.closing(ctx.channel().remoteAddress(),
					"truncated frame: the connection ended " + into + " bytes into a frame");
			in.skipBytes(in.readableBytes());
			this.discardRemaining = 0;
		}
	}

	private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
		this.failed = true;
		in.skipBytes(in.readableBytes());
		log.closing(ctx.channel().remoteAddress(), reason);
		ctx.close();
	}

}
