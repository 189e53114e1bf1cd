package io.patio.executor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.patio.BadRequestException;
import io.patio.PatioException;
import io.patio.call.CallRequest;
import io.patio.serializer.CallPayload;
import io.patio.serializer.Excerpt;

/**
 * Decoding a call that came encoded
 * ({@link PatioExecutor#execute(String, Duration, Supplier)}): whatever the decoder
 * throws becomes a {@link BadRequestException}, and a call that names another task or
 * budget than the ones read at a glance is refused (a payload with two {@code func}
 * fields, say).
 */
final class EncodedCalls {

	private EncodedCalls() {
	}

	/**
	 * Decodes a call here and runs it through {@link PatioExecutor#execute(CallRequest)}.
	 */
	static CompletableFuture<Object> decodeAndExecute(PatioExecutor executor, String task, Duration budget,
			Supplier<CallPayload> decoder) {
		CallPayload call;
		try {
			call = decode(task, budget, decoder);
		}
		catch (PatioException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return executor.execute(CallRequest.of(call.func(), (call.args() != null) ? call.args().toArray() : null,
				call.kwargs(), call.budget(), call.headers()));
	}

	/**
	 * The decoded call.
	 * @throws PatioException when it does not decode, or names another task or budget
	 */
	static CallPayload decode(String task, Duration budget, Supplier<CallPayload> decoder) {
		CallPayload call;
		try {
			call = decoder.get();
		}
		catch (PatioException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new BadRequestException(task, "Bad REQUEST: " + Excerpt.of(ex.getMessage()), ex);
		}
		if (call == null) {
			throw new BadRequestException(task, "Bad REQUEST: it decoded to nothing");
		}
		if (!task.equals(call.func())) {
			throw new BadRequestException(task, "Bad REQUEST: it names two tasks, '" + Excerpt.of(task) + "' and '"
					+ Excerpt.of(call.func()) + "'");
		}
		if (!Objects.equals(budget, call.budget())) {
			throw new BadRequestException(task, "Bad REQUEST: it gives two timeouts, " + budget + " and "
					+ call.budget() + " (a REQUEST read at a glance must read the same in full)");
		}
		return call;
	}

}
