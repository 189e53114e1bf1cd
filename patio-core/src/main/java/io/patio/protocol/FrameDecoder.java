package io.patio.protocol;

import java.util.List;

import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Cuts the byte stream into {@link Frame}s: a 9-byte header (type int8, size uint32 BE,
 * serial uint32 BE) and {@code size} bytes of payload. A frame over the size limit or of
 * an unknown type closes the connection with a logged reason, and a connection that ends
 * inside a frame is logged as truncated; nothing else is affected.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

	private final FaultLog log;

	private final long maxFrameSize;

	private boolean failed;

	/** A decoder with a fault budget of its own (for tests and single connections). */
	public FrameDecoder(long maxFrameSize) {
		this(maxFrameSize, new FaultBudget());
	}

	/**
	 * @param maxFrameSize the largest payload accepted
	 * @param faults the broker's budget for lines about closed connections
	 */
	public FrameDecoder(long maxFrameSize, FaultBudget faults) {
		this.maxFrameSize = maxFrameSize;
		this.log = new FaultLog(LoggerFactory.getLogger(FrameDecoder.class), faults);
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.failed) {
			in.skipBytes(in.readableBytes());
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
		if (size > this.maxFrameSize) {
			fail(ctx, in, "frame of " + size + " bytes is over the limit of " + this.maxFrameSize + " bytes");
			return;
		}
		if (in.readableBytes() < Frame.HEADER_SIZE + size) {
			return;
		}
		in.skipBytes(Frame.HEADER_SIZE);
		byte[] payload = new byte[(int) size];
		in.readBytes(payload);
		out.add(new Frame(type, serial, payload));
	}

	@Override
	protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
		decode(ctx, in, out);
		if (!this.failed && in.isReadable()) {
			// the peer went away in the middle of a frame
			log.closing(ctx.channel().remoteAddress(),
					"truncated frame: the connection ended " + in.readableBytes() + " bytes into a frame");
			in.skipBytes(in.readableBytes());
		}
	}

	private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
		this.failed = true;
		in.skipBytes(in.readableBytes());
		log.closing(ctx.channel().remoteAddress(), reason);
		ctx.close();
	}

}
