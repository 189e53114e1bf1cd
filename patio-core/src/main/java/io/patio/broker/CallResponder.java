package io.patio.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.patio.BadRequestException;
import io.patio.ErrorCode;
import io.patio.ShuttingDownException;
import io.patio.call.CallRequest;
import io.patio.executor.PatioExecutor;
import io.patio.serializer.CallPayload;
import io.patio.serializer.ErrorPayload;
import io.patio.serializer.Serializer;

/**
 * The worker side of a call, whatever the transport: given a call a peer sent, already
 * decoded ({@link Serializer#decodeCall} or {@link Serializer#decodeArguments}), it runs
 * it on the executor and completes with an {@link Answer}: the task's result, or the
 * {@link ErrorPayload} to send back. The future never completes exceptionally; every
 * failure (unknown task, bad arguments, timeout, rejection, shutdown, the task's own
 * exception) is an answer. The transport then encodes the answer with its serializer and
 * sends it: a TCP RESPONSE or ERROR frame, a RabbitMQ reply.
 * <p>
 * Threads: the future completes on the thread that ends the call (an executor thread, or
 * the caller's for an answer known at once, such as {@code shutting-down}), with no extra
 * hop, so that a transport encodes there, off its event loop, as TCP does.
 * <p>
 * Usage, from a transport:
 *
 * <pre class="code">
 * CallResponder responder = new CallResponder(executor, broker::isClosing);
 * CallPayload call;
 * try {
 *     call = serializer.decodeCall(bytes);
 * }
 * catch (BadRequestException ex) {
 *     send(serializer.encodeError(ErrorPayload.of(ex)));
 *     return;
 * }
 * responder.respond(call).thenAccept((answer) -&gt; send(answer.isError()
 *         ? serializer.encodeError(answer.error()) : serializer.encode(answer.result())));
 * </pre>
 *
 * Thread-safe; one per broker.
 */
public final class CallResponder {

	private final PatioExecutor executor;

	private final BooleanSupplier closing;

	/**
	 * A responder that runs calls on {@code executor}, and answers {@code shutting-down}
	 * without running them while {@code closing} says so.
	 */
	public CallResponder(PatioExecutor executor, BooleanSupplier closing) {
		this.executor = executor;
		this.closing = closing;
	}

	/**
	 * Runs a call as it came, with the budget and headers it carries (a TCP REQUEST).
	 * @param call a decoded call; its arguments in the serializer's neutral form, or
	 * already bound to the types the executor gave for them
	 * ({@link PatioExecutor#argumentTypes()})
	 * @return the answer, never completed exceptionally
	 */
	public CompletableFuture<Answer> respond(CallPayload call) {
		return respond(call.func(), call.args(), call.kwargs(), call.budget(), call.headers());
	}

	/**
	 * Runs a call that came encoded, such as a TCP REQUEST whose task and timeout its
	 * serializer read at a glance ({@link Serializer#peekCall}): the executor may leave
	 * the decoding to the thread that runs it
	 * ({@link PatioExecutor#execute(String, Duration, java.util.function.Supplier)}).
	 * @param task the task the call names; {@code null} or empty is answered
	 * {@code bad-request}
	 * @param budget the time the caller still waits, or {@code null} for none
	 * @param decoder decodes the call; throws {@link BadRequestException} when it does
	 * not decode
	 * @return the answer, never completed exceptionally
	 */
	public CompletableFuture<Answer> respond(String task, Duration budget,
			java.util.function.Supplier<CallPayload> decoder) {
		if (task == null || task.isEmpty()) {
			return namesNoTask();
		}
		if (this.closing.getAsBoolean()) {
			return shuttingDown(task);
		}
		try {
			return answer(this.executor.execute(task, budget, decoder));
		}
		catch (RuntimeException ex) {
			// executors never throw; one of your own that does still gets an answer
			return CompletableFuture.completedFuture(Answer.failed(ex));
		}
	}

	/**
	 * As {@link #respond(String, Duration, java.util.function.Supplier)}, handing the
	 * answer to {@code answered} with no future of its own in between.
	 * @param task the task the call names
	 * @param budget the time the caller still waits, or {@code null} for none
	 * @param decoder decodes the call
	 * @param answered takes the answer, on the thread that ends the call (or this one for
	 * an answer known at once); it must not throw
	 */
	public void respond(String task, Duration budget, java.util.function.Supplier<CallPayload> decoder,
			Consumer<Answer> answered) {
		if (task == null || task.isEmpty() || this.closing.getAsBoolean()) {
			answered.accept(respond(task, budget, decoder).join());
			return;
		}
		try {
			answer(this.executor.execute(task, budget, decoder), answered);
		}
		catch (RuntimeException ex) {
			// executors never throw, nor return null; one of your own that does still
			// gets an answer
			answered.accept(Answer.failed(ex));
		}
	}

	/**
	 * Runs a call whose parts a transport found in different places, such as a RabbitMQ
	 * message: the task in its routing key, the arguments in its body
	 * ({@link Serializer#decodeArguments}), the budget in its expiration, the headers in
	 * its properties.
	 * @param task the task's name; {@code null} or empty is answered {@code bad-request}
	 * @param args positional arguments, or {@code null} for none
	 * @param kwargs keyword arguments, or {@code null} for none
	 * @param budget the time the caller still waits, or {@code null} for none; one that
	 * is used up is answered {@code timeout}
	 * @param headers context such as a W3C {@code traceparent}, or {@code null}
	 * @return the answer, never completed exceptionally
	 */
	public CompletableFuture<Answer> respond(String task, List<?> args, Map<String, ?> kwargs, Duration budget,
			Map<String, String> headers) {
		if (task == null || task.isEmpty()) {
			return namesNoTask();
		}
		if (this.closing.getAsBoolean()) {
			return shuttingDown(task);
		}
		CallRequest request = CallRequest.of(task, (args != null) ? args.toArray() : null, kwargs, budget, headers);
		try {
			return answer(this.executor.execute(request));
		}
		catch (RuntimeException ex) {
			// executors never throw; one of your own that does still gets an answer
			return CompletableFuture.completedFuture(Answer.failed(ex));
		}
	}

	private static CompletableFuture<Answer> namesNoTask() {
		return CompletableFuture
			.completedFuture(Answer.failed(new BadRequestException(null, "Bad REQUEST: the call names no task")));
	}

	private static CompletableFuture<Answer> shuttingDown(String task) {
		return CompletableFuture
			.completedFuture(Answer.failed(new ShuttingDownException(task, "The broker is shutting down")));
	}

	/** The answer of a call the executor runs, whatever it completes with. */
	private static CompletableFuture<Answer> answer(CompletableFuture<Object> result) {
		return result.handle(CallResponder::answerOf);
	}

	/** Hands the answer of a call the executor runs, whatever it completes with. */
	private static void answer(CompletableFuture<Object> result, Consumer<Answer> answered) {
		result.whenComplete((value, error) -> answered.accept(answerOf(value, error)));
	}

	private static Answer answerOf(Object value, Throwable error) {
		return (error != null) ? Answer.failed(error) : new Answer(value, null);
	}

	/**
	 * What to send back for one call: its result, or an error.
	 *
	 * @param result the task's result, when there is no error ({@code null} is a result)
	 * @param error the error to send back, or {@code null}; its
	 * {@link ErrorPayload#exception()} is the exception it was made from
	 */
	public record Answer(Object result, ErrorPayload error) {

		/** The answer for a call that failed with {@code failure}. */
		public static Answer failed(Throwable failure) {
			return new Answer(null, ErrorPayload.of(failure));
		}

		/** Whether the call failed. */
		public boolean isError() {
			return this.error != null;
		}

		/**
		 * Whether the executor rejected the call because it is saturated: a transport may
		 * read no more calls for a while.
		 */
		public boolean isRejected() {
			return this.error != null && ErrorCode.REJECTED.value().equals(this.error.code());
		}

	}

}
