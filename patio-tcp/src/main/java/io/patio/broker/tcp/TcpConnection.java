package io.patio.broker.tcp;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.patio.BadArgumentsException;
import io.patio.BadRequestException;
import io.patio.ConnectionLostException;
import io.patio.PayloadTooLargeException;
import io.patio.RejectedCallException;
import io.patio.ResultConversionException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.call.CallRequest;
import io.patio.serializer.CallPayload;
import io.patio.serializer.ErrorPayload;
import io.patio.serializer.Excerpt;
import io.patio.protocol.FaultLog;
import io.patio.protocol.Frame;
import io.patio.protocol.OversizedFrame;
import io.patio.protocol.PacketType;
import io.patio.serializer.SerializationException;
import io.patio.serializer.Serializer;
import tools.jackson.databind.JsonNode;

/**
 * One authenticated connection to a peer, after the handshake: discovery both ways, calls
 * both ways. Its {@link #handler()} is the last handler of the pipeline; the class itself
 * is the connection's public face (remote address, direction, advertised tasks,
 * counters).
 * <p>
 * Calls from the peer run on the executor's threads, never on the event loop; their
 * answers are written from there and flushes are coalesced by the pipeline. The
 * connection stops reading while too many of the peer's calls run, while the executor
 * turns its calls away (saturated), or while the channel is not writable; calls this side
 * makes fail fast with {@link RejectedCallException} while the channel is not writable,
 * so nothing is buffered without bound in either direction.
 */
public final class TcpConnection {

	private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

	private static final long SATURATED_RETRY_MILLIS = 5;

	/**
	 * The most task names a peer's DISCOVER_RESPONSE may list; a longer list closes the
	 * connection. The names are kept while the peer is connected, so they are capped
	 * apart from the frame size.
	 */
	public static final int MAX_ADVERTISED_TASKS = 10_000;

	/** The most characters of one task name in a peer's DISCOVER_RESPONSE. */
	public static final int MAX_TASK_NAME_LENGTH = 512;

	/** Who dialled. */
	public enum Direction {

		/** The peer connected to this broker's listener. */
		INBOUND,
		/** This broker connected to the peer. */
		OUTBOUND

	}

	private final AbstractTcpBroker broker;

	private final FaultLog faults;

	private final Channel channel;

	private final Direction direction;

	private final Serializer serializer;

	private final ConcurrentHashMap<Long, OutboundCall> inFlight = new ConcurrentHashMap<>();

	private final LongAdder framesSent = new LongAdder();

	private final LongAdder framesReceived = new LongAdder();

	private final LongAdder lateAnswers = new LongAdder();

	private final LongAdder callsSent = new LongAdder();

	private final LongAdder callsReceived = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final CompletableFuture<TcpConnection> ready = new CompletableFuture<>();

	private final Handler handler = new Handler();

	private volatile Instant connectedSince;

	private volatile Set<String> advertisedTasks = Set.of();

	private volatile boolean closed;

	private boolean discoveryReceived;

	private boolean discoveryAnswered;

	private boolean routable;

	// touched on the event loop only
	private int executing;

	private ScheduledFuture<?> pendingPing;

	private volatile int executingSnapshot;

	// the executor turned a call of this peer away: stop reading until it has room again
	private boolean saturated;

	private ScheduledFuture<?> resumeTimer;

	private final LongAdder readPauses = new LongAdder();

	private final LongAdder rejectedOutbound = new LongAdder();

	// REQUESTs already read while no more may run (cap reached, executor saturated);
	// reading
	// is stopped meanwhile, so these are at most one read's worth
	private final java.util.ArrayDeque<Frame> held = new java.util.ArrayDeque<>();

	private boolean draining;

	/**
	 * Answers finished on executor threads, written by the event loop in batches: see
	 * {@link AnswerBatch}.
	 */
	private final AnswerBatch<FinishedCall> finished;

	TcpConnection(AbstractTcpBroker broker, Channel channel, Direction direction) {
		this.broker = broker;
		this.faults = new FaultLog(log, broker.faultBudget());
		this.channel = channel;
		this.direction = direction;
		this.serializer = broker.wireSerializer();
		this.finished = new AnswerBatch<>(String.valueOf(channel), (task) -> channel.eventLoop().execute(task),
				(call) -> finishCall(call.answer(), call.rejected()), channel::isOpen);
	}

	/** The peer's address. */
	public SocketAddress getRemoteAddress() {
		return this.channel.remoteAddress();
	}

	/** This side's address. */
	public SocketAddress getLocalAddress() {
		return this.channel.localAddress();
	}

	public Direction getDirection() {
		return this.direction;
	}

	/** When the handshake finished, or {@code null} before. */
	public Instant getConnectedSince() {
		return this.connectedSince;
	}

	/** The task names the peer advertised in its last DISCOVER_RESPONSE. */
	public Set<String> getAdvertisedTasks() {
		return this.advertisedTasks;
	}

	/**
	 * Whether calls are routed to this peer: discovery is done both ways and it is open.
	 */
	public boolean isReady() {
		return this.ready.isDone() && !this.closed;
	}

	public boolean isOpen() {
		return !this.closed && this.channel.isActive();
	}

	/** Calls this broker sent on this connection that have no answer yet. */
	public int getInFlight() {
		return this.inFlight.size();
	}

	/** The peer's calls running on this broker's executor. */
	public int getExecuting() {
		return this.executingSnapshot;
	}

	public long getFramesSent() {
		return this.framesSent.sum();
	}

	public long getFramesReceived() {
		return this.framesReceived.sum();
	}

	/** Answers that came after their caller had given up (timed out), dropped. */
	public long getLateAnswers() {
		return this.lateAnswers.sum();
	}

	/** Calls (REQUESTs) this broker sent to the peer on this connection. */
	public long getCallsSent() {
		return this.callsSent.sum();
	}

	/** Calls (REQUESTs) the peer sent to this broker on this connection. */
	public long getCallsReceived() {
		return this.callsReceived.sum();
	}

	/**
	 * ERROR answers sent or received on this connection: calls that failed either way.
	 */
	public long getErrors() {
		return this.errors.sum();
	}

	/** Whether the connection is encrypted with TLS. */
	public boolean isTls() {
		return this.channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
	}

	/**
	 * How many times this connection stopped reading from the peer: too many of its calls
	 * running, the executor saturated, or our answers not leaving fast enough.
	 */
	public long getReadPauses() {
		return this.readPauses.sum();
	}

	/**
	 * Calls refused before they were sent because the connection could not take more
	 * bytes.
	 */
	public long getRejectedOutbound() {
		return this.rejectedOutbound.sum();
	}

	/** The pipeline handler that drives this connection. */
	ChannelInboundHandlerAdapter handler() {
		return this.handler;
	}

	CompletableFuture<TcpConnection> readyFuture() {
		return this.ready;
	}

	Channel channel() {
		return this.channel;
	}

	/** Closes the connection; its in-flight calls fail at once. */
	public void close() {
		this.channel.close();
	}

	// ---- calls to the peer

	/**
	 * Sends a call on this connection.
	 * @return {@code false} when the connection closed before the call went out (nothing
	 * was sent, so the caller may route it elsewhere)
	 */
	boolean send(OutboundCall call) {
		if (this.closed || !this.channel.isActive()) {
			// closing: a closed channel is also not writable, but this is no reason to
			// reject
			return false;
		}
		long remaining = call.request.remainingNanos();
		if (remaining <= 0) {
			call.fail(new TaskTimeoutException(call.task(),
					"Task '" + call.task() + "' ran out of its timeout before it was sent"));
			return true;
		}
		if (!this.channel.isWritable()) {
			if (this.channel.unsafe().outboundBuffer() == null || !this.channel.isActive()) {
				// not full but closing (Netty drops the buffer before the socket closes)
				return false;
			}
			// the peer reads slower than we call: fail fast instead of buffering without
			// bound
			this.rejectedOutbound.increment();
			call.fail(new RejectedCallException(call.task(),
					"The connection to " + getRemoteAddress()
							+ " is saturated (the peer reads slower than calls are made); task '" + call.task()
							+ "' was not sent. Retry later"));
			return true;
		}
		byte[] payload;
		try {
			CallRequest request = call.request;
			Double timeout = request.hasDeadline() ? remaining / 1e9 : null;
			payload = this.serializer.encodeCall(new CallPayload(request.task(),
					java.util.Arrays.asList(request.args()), request.kwargs(), timeout, request.headers()));
		}
		catch (SerializationException ex) {
			call.fail(new BadArgumentsException(call.task(),
					"The arguments of task '" + call.task() + "' cannot be sent: " + ex.getMessage(), ex));
			return true;
		}
		if (payload.length > maxFrameSize()) {
			call.fail(tooLarge(call.task(), "The REQUEST of task '" + call.task() + "'", payload.length,
					"this broker's", "it was not sent"));
			return true;
		}
		long serial = this.broker.serials().next();
		call.serial = serial;
		call.connection = this;
		this.inFlight.put(serial, call);
		if (this.closed || call.isDone()) {
			// closed (or timed out) while we were putting it in: whoever removes it
			// answers it
			if (this.inFlight.remove(serial, call) && this.closed) {
				call.fail(lost(call.task()));
			}
			return true;
		}
		this.framesSent.increment();
		this.callsSent.increment();
		this.channel.writeAndFlush(new Frame(PacketType.REQUEST, serial, payload)).addListener((future) -> {
			if (!future.isSuccess() && this.inFlight.remove(serial, call)) {
				call.fail(new ConnectionLostException(call.task(),
						"Could not send task '" + call.task() + "' to " + getRemoteAddress() + ": " + future.cause(),
						future.cause()));
			}
		});
		return true;
	}

	/** Drops a call that timed out; its answer, if it comes, counts as late. */
	void forget(OutboundCall call) {
		this.inFlight.remove(call.serial, call);
	}

	private int maxFrameSize() {
		return this.broker.getOptions().getMaxFrameSize();
	}

	/**
	 * The error for a payload of {@code size} bytes over the frame limit of {@code whose}
	 * broker.
	 */
	private PayloadTooLargeException tooLarge(String task, String what, long size, String whose, String outcome) {
		return new PayloadTooLargeException(task,
				what + " is " + size + " bytes, over " + whose + " limit of " + maxFrameSize() + " bytes ("
						+ PayloadTooLargeException.SETTING + "); " + outcome
						+ ". Every peer should use the same limit");
	}

	private ConnectionLostException lost(String task) {
		return new ConnectionLostException(task, "The connection to " + getRemoteAddress() + " was lost while task '"
				+ task + "' was in flight; it may or may not have run there");
	}

	// ---- the pipeline

	private void onHandshakeCompleted() {
		this.connectedSince = Instant.now();
		this.broker.connectionOpened(this);
		send(PacketType.DISCOVER_REQUEST, this.broker.serials().next(), null);
	}

	/**
	 * Nothing read for the ping interval: ask the peer for its tasks, a ping it must
	 * answer.
	 */
	private void onIdle() {
		if (this.connectedSince == null || this.pendingPing != null || this.closed) {
			return;
		}
		long millis = this.broker.getOptions().getPingTimeout().toMillis();
		send(PacketType.DISCOVER_REQUEST, this.broker.serials().next(), null);
		this.pendingPing = this.channel.eventLoop().schedule(() -> {
			faults.closing(getRemoteAddress(), "no answer to a ping within " + millis + " ms");
			this.channel.close();
		}, millis, TimeUnit.MILLISECONDS);
	}

	private void onFrame(ChannelHandlerContext ctx, Frame frame) {
		this.framesReceived.increment();
		if (this.pendingPing != null) {
			// anything the peer sends shows it is alive
			this.pendingPing.cancel(false);
			this.pendingPing = null;
		}
		switch (frame.type()) {
			case DISCOVER_REQUEST -> {
				// a broker that is shutting down offers nothing more; a list, as Python
				// peers send it (pickle writes a Set as a Python set)
				send(PacketType.DISCOVER_RESPONSE, frame.serial(),
						this.broker.isClosing() ? List.of() : List.copyOf(this.broker.getExecutor().getTaskNames()));
				this.discoveryAnswered = true;
				becomeRoutable();
			}
			case DISCOVER_RESPONSE -> onDiscoverResponse(ctx, frame);
			case REQUEST -> {
				if (mayRun()) {
					onRequest(frame);
				}
				else {
					this.held.add(frame);
					updateAutoRead();
				}
			}
			case RESPONSE, ERROR -> onAnswer(frame);
			default -> {
				faults.closing(getRemoteAddress(), frame.type() + " is not allowed after the handshake");
				ctx.close();
			}
		}
	}

	private void onDiscoverResponse(ChannelHandlerContext ctx, Frame frame) {
		Set<String> tasks;
		try {
			// read as a stream of names, capped in number and length, never as a tree
			tasks = new LinkedHashSet<>(
					this.serializer.decodeStrings(frame.payload(), MAX_ADVERTISED_TASKS, MAX_TASK_NAME_LENGTH));
		}
		catch (SerializationException ex) {
			faults.closing(getRemoteAddress(),
					"DISCOVER_RESPONSE refused (" + Excerpt.of(ex.getMessage()) + "): it must be a list of at most "
							+ MAX_ADVERTISED_TASKS + " task names (MAX_ADVERTISED_TASKS) of at most "
							+ MAX_TASK_NAME_LENGTH + " characters each (MAX_TASK_NAME_LENGTH)");
			ctx.close();
			return;
		}
		Set<String> previous = this.advertisedTasks;
		this.advertisedTasks = Set.copyOf(tasks);
		this.discoveryReceived = true;
		if (this.routable) {
			Set<String> gone = new LinkedHashSet<>(previous);
			gone.removeAll(tasks);
			this.broker.router().remove(this, gone);
			this.broker.router().add(this, this.advertisedTasks);
		}
		becomeRoutable();
	}

	/** Once we answered the peer's discovery and have its answer, calls may go to it. */
	private void becomeRoutable() {
		if (this.routable || !this.discoveryReceived || !this.discoveryAnswered || this.closed) {
			return;
		}
		this.routable = true;
		log.debug("Connection to {} ready; the peer offers {}", getRemoteAddress(), this.advertisedTasks);
		this.broker.router().add(this, this.advertisedTasks);
		this.ready.complete(this);
	}

	private void onRequest(Frame frame) {
		long serial = frame.serial();
		this.callsReceived.increment();
		CallPayload call;
		try {
			call = this.serializer.decodeCall(frame.payload());
		}
		catch (BadRequestException ex) {
			answer(serial, null, ex);
			return;
		}
		catch (RuntimeException ex) {
			// a serializer of one's own that fails otherwise: still the peer's bad
			// request
			answer(serial, null, new BadRequestException(null, "Bad REQUEST: " + Excerpt.of(ex.getMessage()), ex));
			return;
		}
		this.executing++;
		this.executingSnapshot = this.executing;
		updateAutoRead();
		String task = call.func();
		// encoded where the call ends (an executor thread), off the event loop
		this.broker.responder().respond(call).thenAccept((answer) -> {
			byte[] payload = null;
			PacketType type = PacketType.RESPONSE;
			ErrorPayload error = answer.error();
			if (error == null) {
				try {
					payload = this.serializer.encode(answer.result());
					if (payload.length > maxFrameSize()) {
						error = ErrorPayload.of(tooLarge(task, "The result of task '" + task + "'", payload.length,
								"the worker's", "it was not sent"));
					}
				}
				catch (SerializationException ex) {
					error = ErrorPayload.of(new SerializationException(
							"The result of task '" + task + "' cannot be serialized: " + ex.getMessage(), ex));
				}
			}
			if (error != null) {
				type = PacketType.ERROR;
				payload = this.serializer.encodeError(error);
				if (payload.length > maxFrameSize()) {
					// an exception whose message alone is over the limit
					payload = this.serializer.encodeError(ErrorPayload.of(tooLarge(task,
							"The error of task '" + task + "'", payload.length, "the worker's", "it was not sent")));
				}
			}
			Frame answerFrame = new Frame(type, serial, payload);
			boolean rejected = answer.isRejected();
			if (this.channel.eventLoop().inEventLoop()) {
				finishCall(answerFrame, rejected);
			}
			else {
				this.finished.add(new FinishedCall(answerFrame, rejected));
			}
		});
	}

	private record FinishedCall(Frame answer, boolean rejected) {
	}

	private void finishCall(Frame answer, boolean rejected) {
		this.executing--;
		this.executingSnapshot = this.executing;
		write(answer);
		if (rejected) {
			// the executor is saturated: read no more calls until one of ours ends, or
			// try
			// again after a while (shortly when none of ours runs: others fill the
			// executor)
			this.saturated = true;
			if (this.resumeTimer == null) {
				this.resumeTimer = this.channel.eventLoop().schedule(() -> {
					this.resumeTimer = null;
					this.saturated = false;
					runHeld();
					updateAutoRead();
				}, (this.executing == 0) ? SATURATED_RETRY_MILLIS : 10 * SATURATED_RETRY_MILLIS, TimeUnit.MILLISECONDS);
			}
		}
		else {
			this.saturated = false;
		}
		runHeld();
		updateAutoRead();
	}

	/** Whether a REQUEST read now may go to the executor at once. */
	private boolean mayRun() {
		return this.held.isEmpty() && !this.saturated
				&& this.executing < this.broker.getOptions().getMaxInFlightPerConnection();
	}

	/** Runs the held REQUESTs, in order, as far as the cap and the executor allow. */
	private void runHeld() {
		if (this.draining) {
			return;
		}
		this.draining = true;
		try {
			while (!this.held.isEmpty() && !this.saturated && !this.closed
					&& this.executing < this.broker.getOptions().getMaxInFlightPerConnection()) {
				onRequest(this.held.poll());
			}
		}
		finally {
			this.draining = false;
		}
	}

	private void answer(long serial, Object result, Throwable error) {
		if (error != null) {
			write(new Frame(PacketType.ERROR, serial, this.serializer.encodeError(ErrorPayload.of(error))));
		}
		else {
			write(new Frame(PacketType.RESPONSE, serial, this.serializer.encode(result)));
		}
	}

	private void send(PacketType type, long serial, Object value) {
		write(new Frame(type, serial, this.serializer.encode(value)));
	}

	private void write(Frame frame) {
		if (!this.channel.isActive()) {
			return;
		}
		this.framesSent.increment();
		if (frame.type() == PacketType.ERROR) {
			this.errors.increment();
		}
		this.channel.writeAndFlush(frame, this.channel.voidPromise());
	}

	private void onAnswer(Frame frame) {
		OutboundCall call = this.inFlight.remove(frame.serial());
		if (call == null) {
			this.lateAnswers.increment();
			this.broker.lateAnswer();
			log.debug("Dropped a late {} with serial {} from {}", frame.type(), frame.serial(), getRemoteAddress());
			return;
		}
		if (frame.type() == PacketType.ERROR) {
			ErrorPayload error;
			try {
				error = this.serializer.decodeError(frame.payload());
			}
			catch (SerializationException ex) {
				call.fail(doesNotDecode(call, ex));
				return;
			}
			this.errors.increment();
			call.fail(error.toException(call.task()));
			return;
		}
		Object value;
		try {
			value = this.serializer.decode(frame.payload());
		}
		catch (SerializationException ex) {
			call.fail(doesNotDecode(call, ex));
			return;
		}
		call.complete((value instanceof JsonNode node && node.isNull()) ? null : value);
	}

	private static ResultConversionException doesNotDecode(OutboundCall call, SerializationException ex) {
		return new ResultConversionException(call.task(),
				"The answer to task '" + call.task() + "' does not decode: " + ex.getMessage(), ex);
	}

	/**
	 * A REQUEST, RESPONSE or ERROR over the frame limit, its payload already skipped: the
	 * REQUEST is answered {@code too-large}, the call an answer was for fails, and the
	 * connection goes on.
	 */
	private void onOversized(OversizedFrame frame) {
		this.framesReceived.increment();
		if (this.pendingPing != null) {
			this.pendingPing.cancel(false);
			this.pendingPing = null;
		}
		if (frame.type() == PacketType.REQUEST) {
			this.callsReceived.increment();
			answer(frame.serial(), null, tooLarge(null, "A REQUEST to " + getLocalAddress(), frame.size(),
					"the receiving peer's", "it was discarded unread"));
			return;
		}
		OutboundCall call = this.inFlight.remove(frame.serial());
		if (call == null) {
			this.lateAnswers.increment();
			this.broker.lateAnswer();
			log.debug("Dropped a late oversized {} with serial {} from {}", frame.type(), frame.serial(),
					getRemoteAddress());
			return;
		}
		if (frame.type() == PacketType.ERROR) {
			this.errors.increment();
		}
		call.fail(tooLarge(
				call.task(), "The " + ((frame.type() == PacketType.ERROR) ? "error" : "result") + " of task '"
						+ call.task() + "' from " + getRemoteAddress(),
				frame.size(), "this broker's", "it was discarded unread"));
	}

	// ---- back-pressure

	private void updateAutoRead() {
		boolean read = this.channel.isWritable() && mayRun();
		if (this.channel.config().isAutoRead() != read) {
			if (!read) {
				this.readPauses.increment();
			}
			this.channel.config().setAutoRead(read);
		}
	}

	// ---- the end

	private void onInactive() {
		if (this.pendingPing != null) {
			this.pendingPing.cancel(false);
		}
		if (this.resumeTimer != null) {
			this.resumeTimer.cancel(false);
		}
		// the peer is gone: nobody would read the answers of the calls it had waiting
		this.held.clear();
		this.broker.router().remove(this, this.advertisedTasks);
		this.closed = true;
		this.broker.connectionClosed(this);
		boolean shuttingDown = this.broker.isClosing();
		for (Long serial : this.inFlight.keySet()) {
			OutboundCall call = this.inFlight.remove(serial);
			if (call != null) {
				call.fail(shuttingDown
						? new ShuttingDownException(call.task(),
								"The broker was closed while task '" + call.task()
										+ "' was in flight; it may or may not have run on the peer")
						: lost(call.task()));
			}
		}
		if (!this.ready.isDone()) {
			this.ready.completeExceptionally(new ConnectionLostException(null,
					"The connection to " + getRemoteAddress() + " closed before discovery finished"));
		}
	}

	/** Netty's side of the connection: events in, calls out to the connection. */
	private final class Handler extends ChannelInboundHandlerAdapter {

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
			if (event == HandshakeCompleted.INSTANCE) {
				onHandshakeCompleted();
				return;
			}
			if (event instanceof IdleStateEvent) {
				onIdle();
				return;
			}
			super.userEventTriggered(ctx, event);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof Frame frame) {
				onFrame(ctx, frame);
			}
			else if (msg instanceof OversizedFrame oversized) {
				onOversized(oversized);
			}
			else {
				ctx.fireChannelRead(msg);
			}
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
			updateAutoRead();
			super.channelWritabilityChanged(ctx);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			onInactive();
			super.channelInactive(ctx);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			// the message may quote what the peer sent: at most an excerpt of it
			faults.closing(getRemoteAddress(), cause.getClass().getName() + ": " + Excerpt.of(cause.getMessage()));
			log.debug("Connection fault", cause);
			ctx.close();
		}

	}

	@Override
	public String toString() {
		return "TcpConnection[" + this.direction.name().toLowerCase(java.util.Locale.ROOT) + " " + getRemoteAddress()
				+ ", tasks=" + this.advertisedTasks + ", inFlight=" + getInFlight() + "]";
	}

}
