package io.patio.serializer.pickle;

import java.util.List;
import java.util.Map;

import io.patio.serializer.CallPayload;
import io.patio.serializer.CallPeek;
import io.patio.serializer.Serializer;
import org.junit.jupiter.api.Test;

import static io.patio.serializer.pickle.Golden.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task and timeout of a pickled REQUEST read at a glance
 * ({@link Serializer#peekCall}): from Python's own frames and from ours, always those the
 * unpickler finds; anything else is left to the unpickler.
 */
class PickledCallPeekTests {

	private final Serializer serializer = Serializer.forName("pickle").boundedFor(16 * 1024 * 1024);

	@Test
	void readsTheTaskAndTimeoutOfPythonsRequests() {
		assertThat(this.serializer.peekCall(bytes(Golden.REQUEST_MUL))).isEqualTo(new CallPeek("mul", null));
		// an int timeout, after the kwargs
		assertThat(this.serializer.peekCall(bytes(Golden.REQUEST_POW))).isEqualTo(new CallPeek("pow", 5.0));
	}

	@Test
	void readsEachFormOfTimeoutPythonWrites() {
		// the golden REQUEST with its None timeout swapped for each int and float form
		String none = "8c0774696d656f7574944e75622e";
		assertThat(Golden.REQUEST_MUL).endsWith(none);
		String head = Golden.REQUEST_MUL.substring(0, Golden.REQUEST_MUL.length() - none.length());
		String key = "8c0774696d656f757494";
		assertThat(this.serializer.peekCall(bytes(head + key + "4bff" + "75622e")).timeout()).isEqualTo(255.0);
		assertThat(this.serializer.peekCall(bytes(head + key + "4d3412" + "75622e")).timeout()).isEqualTo(4660.0);
		assertThat(this.serializer.peekCall(bytes(head + key + "4a00e1f505" + "75622e")).timeout())
			.isEqualTo(100_000_000.0);
		assertThat(this.serializer.peekCall(bytes(head + key + "4affffffff" + "75622e")).timeout()).isEqualTo(-1.0);
		assertThat(this.serializer.peekCall(bytes(head + key + "473ff8000000000000" + "75622e")).timeout())
			.isEqualTo(1.5);
		// not finite, another opcode, no end
		assertThat(this.serializer.peekCall(bytes(head + key + "477ff8000000000000" + "75622e"))).isNull();
		assertThat(this.serializer.peekCall(bytes(head + key + "88" + "75622e"))).isNull();
		assertThat(this.serializer.peekCall(bytes(head + key + "4e" + "622e"))).isNull();
	}

	@Test
	void readsTheTaskOfOursWhateverFollowsIt() {
		for (CallPayload call : List.of(new CallPayload("mul", List.of(1, 2), Map.of(), null, Map.of()),
				new CallPayload("pow", List.of(2), Map.of("exponent", 10), 5.0, Map.of("traceparent", "t")),
				new CallPayload("a.b:c d", List.of(List.of(Map.of("x", 1.5))), Map.of(), 0.25, null))) {
			byte[] encoded = this.serializer.encodeCall(call);
			CallPeek peeked = this.serializer.peekCall(encoded);
			if (call.headers() != null && !call.headers().isEmpty()) {
				// the headers come after the timeout: left to the unpickler
				assertThat(peeked).isNull();
				continue;
			}
			CallPayload decoded = this.serializer.decodeCall(encoded);
			assertThat(peeked).isEqualTo(new CallPeek(call.func(), call.timeout()));
			assertThat(peeked.task()).isEqualTo(decoded.func());
			assertThat(peeked.budget()).isEqualTo(decoded.budget());
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
		assertThat(this.serializer.peekCall(bytes(mul.substring(0, name + 6)))).isNull();
		assertThat(this.serializer.peekCall(bytes(mul.replace("43616c6c52657175657374", "43616c6c52657175657379"))))
			.isNull();
		assertThat(this.serializer.peekCall(this.serializer.encode(Map.of("func", "mul")))).isNull();
		assertThat(this.serializer.peekCall(bytes(Golden.NONE))).isNull();
		assertThat(this.serializer.peekCall(new byte[] { (byte) 0x80 })).isNull();
		assertThat(this.serializer.peekCall(new byte[0])).isNull();
	}

	private CallPeek peekOurs(String task) {
		return this.serializer
			.peekCall(this.serializer.encodeCall(new CallPayload(task, List.of(), Map.of(), null, null)));
	}

}
