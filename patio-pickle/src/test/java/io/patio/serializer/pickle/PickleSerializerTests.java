package io.patio.serializer.pickle;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.patio.BadArgumentsException;
import io.patio.BadRequestException;
import io.patio.RejectedCallException;
import io.patio.TaskFailedException;
import io.patio.UnknownTaskException;
import io.patio.serializer.CallPayload;
import io.patio.serializer.ErrorPayload;
import io.patio.serializer.SerializationException;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.Test;

import static io.patio.serializer.pickle.Golden.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The serializer SPI over the pickle reader and writer. */
class PickleSerializerTests {

	private final Serializer serializer = Serializer.forName("pickle").boundedFor(16 * 1024 * 1024);

	@Test
	void foundByNameWithItsContentType() {
		assertThat(Serializer.forName("pickle")).isInstanceOf(PickleSerializer.class);
		assertThat(Serializer.forName("PICKLE").getName()).isEqualTo("pickle");
		assertThat(this.serializer.getContentType()).isEqualTo("application/python-pickle");
	}

	@Test
	void decodesTheGoldenRequests() {
		CallPayload mul = this.serializer.decodeCall(bytes(Golden.REQUEST_MUL));
		assertThat(mul.func()).isEqualTo("mul");
		assertThat(mul.args()).isEqualTo(List.of(1, 2, 3));
		assertThat(mul.kwargs()).isEmpty();
		assertThat(mul.timeout()).isNull();
		CallPayload pow = this.serializer.decodeCall(bytes(Golden.REQUEST_POW));
		assertThat(pow.kwargs()).isEqualTo(Map.of("exponent", 10));
		assertThat(pow.timeout()).isEqualTo(5.0);
	}

	@Test
	void encodesACallAsTheDataclassPythonReads() {
		byte[] encoded = this.serializer
			.encodeCall(new CallPayload("pow", List.of(2), Map.of("exponent", 10), 5.0, Map.of("traceparent", "t")));
		PickledObject call = (PickledObject) PickleReaderTests.read(encoded);
		assertThat(call.getQualifiedName()).isEqualTo("patio.broker.tcp.broker.CallRequest");
		assertThat(call).containsEntry("func", "pow")
			.containsEntry("args", List.of(2))
			.containsEntry("kwargs", Map.of("exponent", 10))
			.containsEntry("timeout", 5.0)
			.containsEntry("headers", Map.of("traceparent", "t"));
		assertThat(call.get("args")).as("args is a tuple").isNotInstanceOf(java.util.ArrayList.class);
		CallPayload back = this.serializer.decodeCall(encoded);
		assertThat(back.headers()).isEqualTo(Map.of("traceparent", "t"));
		assertThat(PickleReaderTests
			.read(this.serializer.encodeCall(new CallPayload("mul", List.of(1), Map.of(), null, Map.of()))))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.doesNotContainKey("headers");
	}

	@Test
	void aBadRequestNamesTheTaskWhenItCan() {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.serializer.decodeCall(bytes(Golden.RESPONSE_6)))
			.withMessageContaining("CallRequest");
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.serializer.decodeCall(bytes("8004")))
			.withMessageContaining("Bad REQUEST");
		byte[] noKwargsDict = PickleWriter.writeObject("patio.broker.tcp.broker", "CallRequest",
				Map.of("func", "f", "args", List.of(), "kwargs", List.of()));
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.serializer.decodeCall(noKwargsDict))
			.withMessageContaining("'kwargs'")
			.satisfies((ex) -> assertThat(ex.getTask()).isEqualTo("f"));
	}

	@Test
	void argumentsAloneAreAPlainDict() {
		byte[] body = this.serializer.encodeArguments(List.of(1, "a"), Map.of("k", true));
		assertThat(PickleReaderTests.read(body))
			.isEqualTo(Map.of("args", List.of(1, "a"), "kwargs", Map.of("k", true)));
		CallPayload back = this.serializer.decodeArguments(body);
		assertThat(back.func()).isNull();
		assertThat(back.args()).isEqualTo(List.of(1, "a"));
		assertThat(back.kwargs()).isEqualTo(Map.of("k", true));
	}

	@Test
	void errorsAreWrittenAsThePythonBuiltinsOfTheTable() {
		assertPython(ErrorPayload.of(new UnknownTaskException("mul", "no such task")), "KeyError",
				"'mul' has not been registered");
		assertPython(ErrorPayload.of(new BadArgumentsException("pow", "Task 'pow' takes 2")), "TypeError",
				"Task 'pow' takes 2");
		assertPython(ErrorPayload.of(new io.patio.TaskTimeoutException("t", "late")), "TimeoutError", null);
		assertPython(ErrorPayload.of(new RejectedCallException("t", "full")), "RuntimeError", "rejected: full");
		assertPython(ErrorPayload.of(new io.patio.PayloadTooLargeException("t", "big")), "ValueError",
				"too-large: big");
		assertPython(failed(new NumberFormatException("nan")), "ValueError", "nan");
		assertPython(failed(new ArithmeticException("/ by zero")), "ArithmeticError", "/ by zero");
		assertPython(failed(new UnsupportedOperationException("no")), "NotImplementedError", "no");
		assertPython(failed(new ArrayIndexOutOfBoundsException("3")), "IndexError", "3");
		assertPython(failed(new NoSuchElementException("gone")), "LookupError", "gone");
		assertPython(failed(new ClassCastException("cc")), "TypeError", "cc");
		assertPython(failed(new java.util.concurrent.TimeoutException("slow")), "TimeoutError", "slow");
		assertPython(failed(new IllegalStateException("kaput")), "RuntimeError",
				"java.lang.IllegalStateException: kaput");
	}

	private static ErrorPayload failed(Throwable cause) {
		return ErrorPayload.of(new TaskFailedException("t", "failed", cause));
	}

	private void assertPython(ErrorPayload error, String name, String message) {
		PickledException python = (PickledException) PickleReader.read(this.serializer.encodeError(error), 1000, 10,
				PickleReader.Mode.ERROR);
		assertThat(python.qualifiedName()).isEqualTo("builtins." + name);
		assertThat(python.args()).isEqualTo((message != null) ? List.of(message) : List.of());
	}

	@Test
	void pythonErrorsAreDescriptors() {
		assertThat(this.serializer.decodeError(bytes(Golden.ERROR_VALUE)))
			.isEqualTo(new ErrorPayload("task-failed", "builtins.ValueError", "boom"));
		assertThat(this.serializer.decodeError(bytes(Golden.ERROR_TYPE)).type()).isEqualTo("builtins.TypeError");
		assertThat(this.serializer.decodeError(PickleWriter.writeReduce("builtins", "TimeoutError", List.of())))
			.isEqualTo(new ErrorPayload("timeout", "builtins.TimeoutError", null));
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.decodeError(bytes(Golden.RESPONSE_6)));
	}

	@Test
	void ourOwnErrorsReadBackToTheirCodes() {
		for (ErrorPayload error : List.of(ErrorPayload.of(new UnknownTaskException("mul", "x")),
				ErrorPayload.of(new RejectedCallException("t", "full")),
				ErrorPayload.of(new io.patio.ShuttingDownException("t", "bye")),
				ErrorPayload.of(new io.patio.PayloadTooLargeException("t", "big")),
				ErrorPayload.of(new io.patio.TaskTimeoutException("t", "late")))) {
			assertThat(this.serializer.decodeError(this.serializer.encodeError(error)).code()).isEqualTo(error.code());
		}
		ErrorPayload failed = this.serializer
			.decodeError(this.serializer.encodeError(failed(new IllegalStateException("kaput"))));
		assertThat(failed).isEqualTo(new ErrorPayload("task-failed", "java.lang.IllegalStateException", "kaput"));
	}

	@Test
	void handshakeShapes() {
		assertThat(this.serializer.decodeByteStrings(bytes(Golden.AUTH_REQUEST), 3)[2])
			.isEqualTo(bytes(Golden.AUTH_DIGEST));
		assertThat(this.serializer.decodeStrings(bytes(Golden.DISCOVER), 10, 10)).containsExactly("mul", "pow", "boom",
				"kinds", "point");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.decodeStrings(bytes(Golden.DISCOVER), 4, 10));
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.decodeByteStrings(bytes(Golden.DISCOVER), 3));
		assertThat(this.serializer.encode(null)).isEqualTo(bytes("80044e2e"));
	}

}
