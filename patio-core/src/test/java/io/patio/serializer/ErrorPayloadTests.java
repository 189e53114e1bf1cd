package io.patio.serializer;

import java.util.Map;

import io.patio.BadArgumentsException;
import io.patio.BadRequestException;
import io.patio.ErrorCode;
import io.patio.RejectedCallException;
import io.patio.RemoteTaskException;
import io.patio.ShuttingDownException;
import io.patio.TaskFailedException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;
import io.patio.call.CallRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conversions between payloads and calls or exceptions that every transport shares:
 * {@link ErrorPayload#of}, {@link ErrorPayload#toException}, and the REQUEST shape that
 * {@link Serializer#decodeCall} checks (moved here from patio-tcp's {@code WireCalls}).
 */
class ErrorPayloadTests {

	private static final JsonSerializer JSON = JsonSerializer.INSTANCE;

	@Test
	void everyWireCodeMapsToItsTypedException() {
		assertThat(exception("unknown-task")).isInstanceOf(UnknownTaskException.class);
		assertThat(exception("bad-arguments")).isInstanceOf(BadArgumentsException.class);
		assertThat(exception("bad-request")).isInstanceOf(BadRequestException.class);
		assertThat(exception("timeout")).isInstanceOf(TaskTimeoutException.class);
		assertThat(exception("rejected")).isInstanceOf(RejectedCallException.class);
		assertThat(exception("shutting-down")).isInstanceOf(ShuttingDownException.class);
		assertThat(exception("task-failed")).isInstanceOfSatisfying(RemoteTaskException.class,
				(ex) -> assertThat(ex.getRemoteType()).isEqualTo("KeyError"));
		assertThat(exception("too-large")).isInstanceOf(io.patio.PayloadTooLargeException.class);
		// how a peer of an older version reads a code it does not know, such as too-large
		assertThat(exception("something-new")).isInstanceOf(RemoteTaskException.class);
		for (ErrorCode code : ErrorCode.values()) {
			if (code.isWireCode()) {
				assertThat(exception(code.value()).getCode()).isEqualTo(code);
			}
		}
	}

	@Test
	void aTimeoutBeyondADoublesRangeIsABadRequest() {
		// JSON reads 1e999999999 as an exact decimal now; it must still be refused as a
		// bad-request, never throw out of the decoder
		for (String timeout : new String[] { "1e999999999", "-1e999999999", "1" + "0".repeat(400) }) {
			byte[] payload = ("{\"func\":\"mul\",\"args\":[],\"kwargs\":{},\"timeout\":" + timeout + "}").getBytes();
			assertThatThrownBy(() -> JSON.decodeCall(payload)).isInstanceOf(BadRequestException.class)
				.hasMessageContaining("'timeout' must be a finite number of seconds");
		}
		CallPayload exact = JSON.decodeCall("{\"func\":\"mul\",\"args\":[],\"kwargs\":{},\"timeout\":1.50}".getBytes());
		assertThat(exact.budget()).isEqualTo(java.time.Duration.ofMillis(1500));
		assertThat(request(exact).lazyBudget()).isEqualTo(1_500_000_000L);
	}

	@Test
	void classNamedOnTheWireIsNeverInstantiated() {
		ErrorPayload error = JSON.decodeError(
				"{\"code\":\"task-failed\",\"type\":\"java.lang.ProcessBuilder\",\"message\":\"x\"}".getBytes());
		assertThat(error.exception()).isNull();
		assertThat(error.toException("t")).isExactlyInstanceOf(RemoteTaskException.class).hasNoCause();
	}

	@Test
	void failuresMapToWireCodes() {
		assertThat(ErrorPayload.of(new TaskFailedException("t", "failed", new ArithmeticException("/ by zero"))))
			.isEqualTo(new ErrorPayload("task-failed", "java.lang.ArithmeticException", "/ by zero"));
		assertThat(ErrorPayload.of(new UnknownTaskException("t", "not here")))
			.isEqualTo(new ErrorPayload("unknown-task", "io.patio.UnknownTaskException", "not here"));
		assertThat(ErrorPayload.of(new java.util.concurrent.CompletionException(new IllegalStateException("x"))))
			.isEqualTo(new ErrorPayload("task-failed", "java.lang.IllegalStateException", "x"));
		assertThat(ErrorPayload.of(new io.patio.NoPeerException("t", "none")).code()).isEqualTo("task-failed");
		assertThat(ErrorPayload.of(new io.patio.PayloadTooLargeException("t", "big")))
			.isEqualTo(new ErrorPayload("too-large", "io.patio.PayloadTooLargeException", "big"));
	}

	@Test
	void requestPayloadDecodesToACallRequest() {
		CallRequest request = request(JSON.decodeCall(
				("{\"func\":\"mul\",\"args\":[1,2],\"kwargs\":{\"c\":3},\"timeout\":1.5,\"headers\":{\"traceparent\":\"t\"},\"new\":1}")
					.getBytes()));
		assertThat(request.task()).isEqualTo("mul");
		assertThat(request.args()).hasSize(2);
		assertThat(request.kwargs()).containsOnlyKeys("c");
		assertThat(request.hasDeadline()).isTrue();
		assertThat(request.remainingNanos()).isBetween(1_000_000_000L, 1_500_000_000L);
		assertThat(request.headers()).isEqualTo(Map.of("traceparent", "t"));
		assertThat(request(JSON.decodeCall("{\"func\":\"f\",\"timeout\":null}".getBytes())).hasDeadline()).isFalse();
	}

	@Test
	void malformedRequestsAreBadRequests() {
		for (String json : new String[] { "null", "[]", "{}", "{\"func\":5}", "{\"func\":\"f\",\"args\":{}}",
				"{\"func\":\"f\",\"kwargs\":[]}", "{\"func\":\"f\",\"timeout\":\"soon\"}",
				"{\"func\":\"f\",\"headers\":{\"a\":1}}" }) {
			assertThatThrownBy(() -> JSON.decodeCall(json.getBytes())).as(json).isInstanceOf(BadRequestException.class);
		}
	}

	private static io.patio.PatioException exception(String code) {
		return JSON.decodeError(("{\"code\":\"" + code + "\",\"type\":\"KeyError\",\"message\":\"m\"}").getBytes())
			.toException("t");
	}

	private static CallRequest request(CallPayload call) {
		return CallRequest.of(call.func(), call.args().toArray(), call.kwargs(), call.budget(), call.headers());
	}

}
