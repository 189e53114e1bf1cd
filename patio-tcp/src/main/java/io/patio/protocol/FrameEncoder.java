package io.patio.protocol;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Writes {@link Frame}s: the 9-byte header, then the payload.
 * <p>
 * Frames written with the void promise (REQUESTs and answers, of which nobody awaits the
 * write itself) are held until the next flush, until they would make more than
 * {@value #CHUNK} bytes, or until another message is written, and then go out together in
 * one buffer of exactly their size: a batch of answers is one allocation, one outbound
 * entry and one release instead of one each, and the channel's write-buffer accounting
 * counts every byte the buffer holds. A frame larger than the chunk, and a frame written
 * with a real promise, get a buffer of their own after the frames held before them, and
 * any other message passes after them too, so the order on the wire is the order of the
 * writes. At most {@value #CHUNK} bytes of frames per channel wait outside that
 * accounting, as frames (no buffer is held).
 * <p>
 * One instance per channel.
 */
public final class FrameEncoder extends ChannelOutboundHandlerAdapter {

	/** The most bytes of frames held for one buffer. */
	static final int CHUNK = 4096;

	/** Frames written but not yet passed on, in order; {@code count} of them. */
	private Frame[] held = new Frame[16];

	private int count;

	/** Their bytes on the wire, headers included. */
	private int bytes;

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof Frame frame)) {
			passHeld(ctx);
			ctx.write(msg, promise);
			return;
		}
		int size = Frame.HEADER_SIZE + frame.payload().length;
		if (size > CHUNK || !promise.isVoid()) {
			passHeld(ctx);
			ByteBuf own = ctx.alloc().ioBuffer(size);
			writeFrame(own, frame);
			ctx.write(own, promise);
			return;
		}
		if (this.bytes + size > CHUNK) {
			passHeld(ctx);
		}
		if (this.count == this.held.length) {
			this.held = Arrays.copyOf(this.held, this.count * 2);
		}
		this.held[this.count++] = frame;
		this.bytes += size;
	}

	private static void writeFrame(ByteBuf out, Frame frame) {
		out.writeByte(frame.type().value());
		out.writeInt(frame.payload().length);
		out.writeInt((int) frame.serial());
		out.writeBytes(frame.payload());
	}

	/** Writes the frames held, in one buffer of their size, with the void promise. */
	private void passHeld(ChannelHandlerContext ctx) {
		if (this.count == 0) {
			return;
		}
		ByteBuf buffer = ctx.alloc().ioBuffer(this.bytes);
		for (int i = 0; i < this.count; i++) {
			writeFrame(buffer, this.held[i]);
		}
		drop();
		ctx.write(buffer, ctx.voidPromise());
	}

	@Override
	public void flush(ChannelHandlerContext ctx) {
		passHeld(ctx);
		ctx.flush();
	}

	/** Unflushed writes are dropped on close, as the channel drops its own. */
	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		drop();
		ctx.close(promise);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		drop();
	}

	private void drop() {
		Arrays.fill(this.held, 0, this.count, null);
		this.count = 0;
		this.bytes = 0;
	}

}
