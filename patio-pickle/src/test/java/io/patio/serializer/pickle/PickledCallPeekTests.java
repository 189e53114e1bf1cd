package io.patio.serializer.pickle;

import java.util.List;
import java.util.Map;

import io.patio.serializer.CallPayload;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.Test;

import static io.patio.serializer.pickle.Golden.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task of a pickled REQUEST read at a glance ({@link Serializer#peekTask}): from
 * Python's own frames and from ours, always the task the unpickler finds; anything else
 * is left to the unpickler.
 */
class PickledCallPeekTests {

	private final Serializer serializer = Serializer.forName("pickle").boundedFor(16 * 1024 * 1024);

	@Test
	void readsTheTaskOfPythonsRequests() {
		assertThat(this.serializer.peekTask(bytes(Golden.REQUEST_MUL))).isEqualTo("mul");
		assertThat(this.serializer.peekTask(bytes(Golden.REQUEST_POW))).isEqualTo("pow");
	}

	@Test
	void readsTheTaskOfOursWhateverFollowsIt() {
		for (CallPayload call : List.of(new CallPayload("mul", List.of(1, 2), Map.of(), null, Map.of()),
				new CallPayload("pow", List.of(2), Map.of("exponent", 10), 5.0, Map.of("traceparent", "t")),
				new CallPayload("a.b:c d", List.of(List.of(Map.of("x", 1.5))), Map.of(), 0.25, null))) {
			byte[] encoded = this.serializer.encodeCall(call);
			assertThat(this.serializer.peekTask(encoded)).isEqualTo(call.func())
				.isEqualTo(this.serializer.decodeCall(encoded).func());
		}
	}

	@Test
	void leavesAnyOtherStartToTheUnpickler() {
		// a name that is not printable ASCII, or empty
		assertThat(peekOurs("café")).isNull();
		assertThat(peekOurs("tab\there")).isNull();
		assertThat(peekOurs("")).isNull();
		// a name cut short, another class, a plain dict, no pickle at all
		String mul = Golden.REQUEST_MUL;
		int name = mul.indexOf("8c036d756c");
		assertThat(this.serializer.peekTask(bytes(mul.substring(0, name + 6)))).isNull();
		assertThat(this.serializer.peekTask(bytes(mul.replace("43616c6c52657175657374", "43616c6c52657175657379"))))
			.isNull();
		assertThat(this.serializer.peekTask(this.serializer.encode(Map.of("func", "mul")))).isNull();
		assertThat(this.serializer.peekTask(bytes(Golden.NONE))).isNull();
		assertThat(this.serializer.peekTask(new byte[] { (byte) 0x80 })).isNull();
		assertThat(this.serializer.peekTask(new byte[0])).isNull();
	}

	private String peekOurs(String task) {
		return this.serializer
			.peekTask(this.serializer.encodeCall(new CallPayload(task, List.of(), Map.of(), null, null)));
	}

}
