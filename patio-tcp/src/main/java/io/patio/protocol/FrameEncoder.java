package io.patio.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Writes {@link Frame}s: the 9-byte header, then the payload.
 * <p>
 * Frames written with the void promise (REQUESTs and answers, of which nobody awaits the
 * write itself) are gathered into one buffer of {@value #CHUNK} bytes until the next
 * flush, a frame that does not fit, or a write with a real promise: a batch of answers
 * goes out as one buffer instead of one buffer (one allocation, one outbound entry, one
 * release) each. A write with a real promise completes when the buffer that holds it, and
 * the void frames gathered before it, is written. A frame larger than the chunk gets a
 * buffer of its own; a message that is not a frame passes after the frames gathered
 * before it, so the order on the wire is the order of the writes. At most one chunk per
 * channel is held back from the channel's write-buffer accounting.
 * <p>
 * One instance per channel.
 */
public final class FrameEncoder extends ChannelOutboundHandlerAdapter {

	/** The size of the buffer small frames are gathered in. */
	static final int CHUNK = 4096;

	/** Frames written but not yet passed on; {@code null} when there are none. */
	private ByteBuf gathered;

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof Frame frame)) {
			passGathered(ctx);
			ctx.write(msg, promise);
			return;
		}
		int size = Frame.HEADER_SIZE + frame.payload().length;
		if (this.gathered != null && this.gathered.writableBytes() < size) {
			passGathered(ctx);
		}
		if (size > CHUNK) {
			ByteBuf own = ctx.alloc().ioBuffer(size);
			writeFrame(own, frame);
			ctx.write(own, promise);
			return;
		}
		if (this.gathered == null) {
			this.gathered = ctx.alloc().ioBuffer(CHUNK);
		}
		writeFrame(this.gathered, frame);
		if (!promise.isVoid()) {
			ByteBuf buffer = this.gathered;
			this.gathered = null;
			ctx.write(buffer, promise);
		}
	}

	private static void writeFrame(ByteBuf out, Frame frame) {
		out.writeByte(frame.type().value());
		out.writeInt(frame.payload().length);
		out.writeInt((int) frame.serial());
		out.writeBytes(frame.payload());
	}

	private void passGathered(ChannelHandlerContext ctx) {
		ByteBuf buffer = this.gathered;
		if (buffer != null) {
			this.gathered = null;
			ctx.write(buffer, ctx.voidPromise());
		}
	}

	@Override
	public void flush(ChannelHandlerContext ctx) {
		passGathered(ctx);
		ctx.flush();
	}

	/** Unflushed writes are dropped on close, as the channel drops its own. */
	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		release();
		ctx.close(promise);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		release();
	}

	private void release() {
		ByteBuf buffer = this.gathered;
		if (buffer != null) {
			this.gathered = null;
			buffer.release();
		}
	}

}
