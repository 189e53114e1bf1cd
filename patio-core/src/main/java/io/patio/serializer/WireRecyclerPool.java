package io.patio.serializer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.util.RecyclerPool;

/**
 * Where the wire mappers' parsers and generators take their buffers: one recycler per
 * platform thread (an event loop, a worker), and Jackson's shared concurrent pool for
 * virtual threads, which come and go with their calls.
 * <p>
 * Jackson 3's default, the shared concurrent pool for every thread, costs each parser and
 * each generator a poll and an offer on a {@code ConcurrentLinkedDeque}: about a tenth of
 * a TCP client's CPU per call in profiles of {@code patio-tcp-json}. A per-thread
 * recycler costs a thread-local read, and nested use on one thread is safe (a recycler
 * hands each buffer out once, and allocates when it has none left), which is how Jackson
 * 2 always worked. A virtual thread would allocate a fresh recycler per call with it, so
 * those keep the shared pool.
 */
final class WireRecyclerPool implements RecyclerPool<BufferRecycler> {

	private static final long serialVersionUID = 1L;

	static final WireRecyclerPool INSTANCE = new WireRecyclerPool();

	/** {@code Thread.isVirtual()} on Java 21 and later; {@code null} before. */
	private static final MethodHandle IS_VIRTUAL = isVirtual();

	private static final RecyclerPool<BufferRecycler> PER_THREAD = JsonRecyclerPools.threadLocalPool();

	private static final RecyclerPool<BufferRecycler> SHARED = JsonRecyclerPools.sharedConcurrentDequePool();

	private WireRecyclerPool() {
	}

	@Override
	public BufferRecycler acquirePooled() {
		return pool().acquirePooled();
	}

	@Override
	public BufferRecycler acquireAndLinkPooled() {
		// a recycler from the shared pool goes back there by itself when released
		return pool().acquireAndLinkPooled();
	}

	/**
	 * Nothing to do: a per-thread recycler stays with its thread, and one from the shared
	 * pool was linked to it and is released there.
	 */
	@Override
	public void releasePooled(BufferRecycler recycler) {
	}

	private static RecyclerPool<BufferRecycler> pool() {
		return onVirtualThread() ? SHARED : PER_THREAD;
	}

	static boolean onVirtualThread() {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
		}
		catch (Throwable ex) {
			return true; // cannot tell: the shared pool is right for any thread
		}
	}

	private static MethodHandle isVirtual() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null; // Java 17 to 20: no virtual threads
		}
	}

	private Object readResolve() {
		return INSTANCE;
	}

}
