package io.patio.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link Frame}s: the 9-byte header, then the payload. */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

	public static final FrameEncoder INSTANCE = new FrameEncoder();

	@Override
	protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
		out.ensureWritable(Frame.HEADER_SIZE + frame.payload().length);
		out.writeByte(frame.type().value());
		out.writeInt(frame.payload().length);
		out.writeInt((int) frame.serial());
		out.writeBytes(frame.payload());
	}

	@Override
	protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame frame, boolean preferDirect) {
		int size = Frame.HEADER_SIZE + frame.payload().length;
		return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
	}

}
