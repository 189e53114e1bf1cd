package io.patio.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frame encoder holds the frames written with the void promise until a flush and
 * writes them in one buffer of their size; whatever is written, the bytes on the wire are
 * the frames in the order of the writes, every real promise completes once its frame is
 * flushed, every buffer holds exactly the bytes it carries, and none is left unreleased.
 */
class FrameEncoderTests {

	@Test
	void framesWrittenWithTheVoidPromiseLeaveTogetherAtTheFlush() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
		channel.write(frame(1, 3), channel.voidPromise());
		channel.write(frame(2, 0), channel.voidPromise());
		channel.write(frame(3, 5), channel.voidPromise());
		assertThat((Object) channel.readOutbound()).isNull();
		channel.flush();
		ByteBuf out = channel.readOutbound();
		assertThat(bytes(out)).isEqualTo(concat(frame(1, 3), frame(2, 0), frame(3, 5)));
		out.release();
		assertThat((Object) channel.readOutbound()).isNull();
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void aWriteWithAPromiseGoesAloneAfterTheFramesBeforeItAndCompletesWhenFlushed() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
		channel.write(frame(1, 3), channel.voidPromise());
		ChannelPromise promise = channel.newPromise();
		channel.write(frame(2, 4), promise);
		assertThat(promise.isDone()).isFalse();
		channel.flush();
		assertThat(promise.isSuccess()).isTrue();
		assertThat(drain(channel)).containsExactly(encode(frame(1, 3)), encode(frame(2, 4)));
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void aBufferHoldsExactlyItsFramesSoTheChannelCountsEveryByteItHolds() {
		Allocations allocations = new Allocations();
		EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
		channel.config().setAllocator(allocations);
		for (int i = 1; i <= 100; i++) {
			channel.writeAndFlush(frame(i, i % 7), channel.voidPromise());
		}
		channel.write(frame(101, 1), channel.voidPromise());
		channel.write(frame(102, 2), channel.voidPromise());
		channel.flush();
		assertThat(allocations.buffers).hasSize(101)
			.allSatisfy((buffer) -> assertThat(buffer.capacity()).isEqualTo(buffer.writerIndex()));
		assertThat(allocations.buffers.get(100).writerIndex()).isEqualTo(2 * Frame.HEADER_SIZE + 3);
		drain(channel);
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void aFailedWriteOfFramesHeldTogetherReachesThePipelineAsAnException() {
		List<Throwable> caught = new ArrayList<>();
		ChannelOutboundHandlerAdapter failing = new ChannelOutboundHandlerAdapter() {
			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
				ReferenceCountUtil.release(msg);
				promise.setFailure(new IOException("connection reset"));
			}
		};
		ChannelInboundHandlerAdapter recorder = new ChannelInboundHandlerAdapter() {
			@Override
			public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
				caught.add(cause);
			}
		};
		EmbeddedChannel channel = new EmbeddedChannel(failing, new FrameEncoder(), recorder);
		channel.write(frame(1, 3), channel.voidPromise());
		channel.write(frame(2, 3), channel.voidPromise());
		assertThat(caught).isEmpty();
		channel.flush();
		assertThat(caught).singleElement().satisfies((cause) -> assertThat(cause).hasMessage("connection reset"));
		channel.finishAndReleaseAll();
	}

	@Test
	void aFrameLargerThanTheChunkGoesAloneAfterTheFramesBeforeIt() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
		Frame large = frame(2, FrameEncoder.CHUNK);
		channel.write(frame(1, 3), channel.voidPromise());
		channel.write(large, channel.voidPromise());
		channel.write(frame(3, 1), channel.voidPromise());
		channel.flush();
		assertThat(drain(channel)).containsExactly(encode(frame(1, 3)), encode(large), encode(frame(3, 1)));
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void aMessageThatIsNotAFramePassesAfterTheFramesWrittenBeforeIt() {
		EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
		channel.write(frame(1, 3), channel.voidPromise());
		channel.write(Unpooled.wrappedBuffer(new byte[] { 42 }));
		channel.write(frame(2, 1), channel.voidPromise());
		channel.flush();
		assertThat(drain(channel)).containsExactly(encode(frame(1, 3)), new byte[] { 42 }, encode(frame(2, 1)));
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void framesHeldButNotFlushedAreDroppedWhenTheChannelClosesAndHoldNoBuffer() {
		Allocations allocations = new Allocations();
		EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
		channel.config().setAllocator(allocations);
		channel.write(frame(1, 3), channel.voidPromise());
		channel.write(frame(2, 3), channel.voidPromise());
		channel.close();
		assertThat(allocations.buffers).isEmpty();
		assertThat((Object) channel.readOutbound()).isNull();
	}

	@Property(tries = 300)
	void whateverIsWrittenTheWireCarriesTheFramesInOrder(@ForAll("writes") List<Write> writes) {
		Allocations allocations = new Allocations();
		EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
		channel.config().setAllocator(allocations);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		List<ChannelPromise> promises = new ArrayList<>();
		int serial = 0;
		for (Write write : writes) {
			Frame frame = frame(++serial, write.size());
			expected.writeBytes(encode(frame));
			if (write.promised()) {
				ChannelPromise promise = channel.newPromise();
				promises.add(promise);
				channel.write(frame, promise);
			}
			else {
				channel.write(frame, channel.voidPromise());
			}
			if (write.flushAfter()) {
				channel.flush();
			}
		}
		channel.flush();
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
			// a buffer holds exactly the bytes it carries
			assertThat(out.capacity()).isEqualTo(out.writerIndex());
			wire.writeBytes(bytes(out));
			out.release();
		}
		assertThat(wire.toByteArray()).isEqualTo(expected.toByteArray());
		assertThat(promises).allMatch(ChannelPromise::isSuccess);
		assertThat(allocations.buffers).allMatch((buffer) -> buffer.refCnt() == 0);
		// at most one buffer per frame, fewer where frames were held together
		assertThat(allocations.buffers.size()).isLessThanOrEqualTo(writes.size());
		assertThat(channel.finish()).isFalse();
	}

	@Provide
	Arbitrary<List<Write>> writes() {
		Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 200)),
				net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(200, FrameEncoder.CHUNK)),
				net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(FrameEncoder.CHUNK, 3 * FrameEncoder.CHUNK)));
		Arbitrary<Write> write = Combinators
			.combine(sizes, Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9))
			.as((size, promised, flush) -> new Write(size, promised == 0, flush == 0));
		return write.list().ofMinSize(1).ofMaxSize(60);
	}

	record Write(int size, boolean promised, boolean flushAfter) {
	}

	private static Frame frame(int serial, int size) {
		byte[] payload = new byte[size];
		for (int i = 0; i < size; i++) {
			payload[i] = (byte) (serial * 31 + i);
		}
		return new Frame(PacketType.RESPONSE, serial, payload);
	}

	/** The frame as the wire format lays it out, written by hand. */
	private static byte[] encode(Frame frame) {
		ByteBuf buffer = Unpooled.buffer();
		buffer.writeByte(frame.type().value())
			.writeInt(frame.payload().length)
			.writeInt((int) frame.serial())
			.writeBytes(frame.payload());
		return bytes(buffer);
	}

	private static byte[] concat(Frame... frames) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Frame frame : frames) {
			out.writeBytes(encode(frame));
		}
		return out.toByteArray();
	}

	private static byte[] bytes(ByteBuf buffer) {
		byte[] bytes = new byte[buffer.readableBytes()];
		buffer.getBytes(buffer.readerIndex(), bytes);
		return bytes;
	}

	private static List<byte[]> drain(EmbeddedChannel channel) {
		List<byte[]> buffers = new ArrayList<>();
		for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
			buffers.add(bytes(out));
			out.release();
		}
		return buffers;
	}

	/** Remembers every buffer it hands out (all on the heap). */
	private static final class Allocations extends AbstractByteBufAllocator {

		final List<ByteBuf> buffers = new ArrayList<>();

		@Override
		protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
			ByteBuf buffer = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
			this.buffers.add(buffer);
			return buffer;
		}

		@Override
		protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
			return newHeapBuffer(initialCapacity, maxCapacity);
		}

		@Override
		public boolean isDirectBufferPooled() {
			return false;
		}

	}

}
