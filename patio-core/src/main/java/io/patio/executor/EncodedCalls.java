package io.patio.executor;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.patio.BadRequestException;
import io.patio.PatioException;
import io.patio.call.CallRequest;
import io.patio.serializer.CallPayload;
import io.patio.serializer.Excerpt;

/**
 * Decoding a call that came encoded ({@link PatioExecutor#execute(String, Supplier)}):
 * whatever the decoder throws becomes a {@link BadRequestException}, and a call that
 * names another task than the one read at a glance is refused (a payload with two
 * {@code func} fields, say).
 */
final class EncodedCalls {

	private EncodedCalls() {
	}

	/**
	 * Decodes a call here and runs it through {@link PatioExecutor#execute(CallRequest)}.
	 */
	static CompletableFuture<Object> decodeAndExecute(PatioExecutor executor, String task,
			Supplier<CallPayload> decoder) {
		CallPayload call;
		try {
			call = decode(task, decoder);
		}
		catch (PatioException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return executor.execute(CallRequest.of(call.func(), (call.args() != null) ? call.args().toArray() : null,
				call.kwargs(), call.budget(), call.headers()));
	}

	/**
	 * The decoded call.
	 * @throws PatioException when it does not decode or names another task
	 */
	static CallPayload decode(String task, Supplier<CallPayload> decoder) {
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
		if (!task.equals(call.func())) {
			throw new BadRequestException(task, "Bad REQUEST: it names two tasks, '" + Excerpt.of(task) + "' and '"
					+ Excerpt.of(call.func()) + "'");
		}
		return call;
	}

}
