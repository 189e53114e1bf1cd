package io.patio.broker.tcp;

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
import io.patio.protocol.ErrorPayload;
import io.patio.serializer.WireMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCallsTests {

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
			JsonNode node = io.patio.serializer.JsonSerializer.INSTANCE
				.decode(("{\"func\":\"mul\",\"args\":[],\"kwargs\":{},\"timeout\":" + timeout + "}").getBytes());
			assertThatThrownBy(() -> WireCalls.toCallRequest(node)).isInstanceOf(BadRequestException.class)
				.hasMessageContaining("'timeout' must be a finite number of seconds");
		}
		JsonNode exact = io.patio.serializer.JsonSerializer.INSTANCE
			.decode("{\"func\":\"mul\",\"args\":[],\"kwargs\":{},\"timeout\":1.50}".getBytes());
		assertThat(WireCalls.toCallRequest(exact).lazyBudget()).isEqualTo(1_500_000_000L);
	}

	@Test
	void classNamedOnTheWireIsNeverInstantiated() {
		JsonNode node = WireMapper.json()
			.readTree("{\"code\":\"task-failed\",\"type\":\"java.lang.ProcessBuilder\",\"message\":\"x\"}");
		assertThat(WireCalls.toException("t", node)).isExactlyInstanceOf(RemoteTaskException.class).hasNoCause();
	}

	@Test
	void failuresMapToWireCodes() {
		assertThat(
				WireCalls.toErrorPayload(new TaskFailedException("t", "failed", new ArithmeticException("/ by zero"))))
			.isEqualTo(new ErrorPayload("task-failed", "java.lang.ArithmeticException", "/ by zero"));
		assertThat(WireCalls.toErrorPayload(new UnknownTaskException("t", "not here")))
			.isEqualTo(new ErrorPayload("unknown-task", "io.patio.UnknownTaskException", "not here"));
		assertThat(
				WireCalls.toErrorPayload(new java.util.concurrent.CompletionException(new IllegalStateException("x"))))
			.isEqualTo(new ErrorPayload("task-failed", "java.lang.IllegalStateException", "x"));
		assertThat(WireCalls.toErrorPayload(new io.patio.NoPeerException("t", "none")).code()).isEqualTo("task-failed");
		assertThat(WireCalls.toErrorPayload(new io.patio.PayloadTooLargeException("t", "big")))
			.isEqualTo(new ErrorPayload("too-large", "io.patio.PayloadTooLargeException", "big"));
	}

	@Test
	void requestPayloadDecodesToACallRequest() {
		CallRequest request = WireCalls.toCallRequest(WireMapper.json()
			.readTree(
					"{\"func\":\"mul\",\"args\":[1,2],\"kwargs\":{\"c\":3},\"timeout\":1.5,\"headers\":{\"traceparent\":\"t\"},\"new\":1}"));
		assertThat(request.task()).isEqualTo("mul");
		assertThat(request.args()).hasSize(2);
		assertThat(request.kwargs()).containsOnlyKeys("c");
		assertThat(request.hasDeadline()).isTrue();
		assertThat(request.remainingNanos()).isBetween(1_000_000_000L, 1_500_000_000L);
		assertThat(request.headers()).isEqualTo(Map.of("traceparent", "t"));
		assertThat(
				WireCalls.toCallRequest(WireMapper.json().readTree("{\"func\":\"f\",\"timeout\":null}")).hasDeadline())
			.isFalse();
	}

	@Test
	void malformedRequestsAreBadRequests() {
		for (String json : new String[] { "null", "[]", "{}", "{\"func\":5}", "{\"func\":\"f\",\"args\":{}}",
				"{\"func\":\"f\",\"kwargs\":[]}", "{\"func\":\"f\",\"timeout\":\"soon\"}",
				"{\"func\":\"f\",\"headers\":{\"a\":1}}" }) {
			assertThatThrownBy(() -> WireCalls.toCallRequest(WireMapper.json().readTree(json))).as(json)
				.isInstanceOf(BadRequestException.class);
		}
	}

	private static io.patio.PatioException exception(String code) {
		return WireCalls.toException("t",
				WireMapper.json().readTree("{\"code\":\"" + code + "\",\"type\":\"KeyError\",\"message\":\"m\"}"));
	}

}
