package io.patio.serializer.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.patio.serializer.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.patio.serializer.pickle.Golden.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The hostile pickles of issue 14: each is refused with a {@link SerializationException}
 * that says why, nothing is executed or constructed, and the work stays bounded.
 */
class HostilePickleTests {

	/** A frame limit of 16 MiB, the brokers' default, allows this many values. */
	private static final int MAX_VALUES = 8 * 1024 * 1024;

	private static SerializationException refused(byte[] pickle) {
		SerializationException[] caught = new SerializationException[1];
		for (PickleReader.Mode mode : new PickleReader.Mode[] { PickleReader.Mode.VALUE }) {
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> PickleReader.read(pickle, MAX_VALUES, 500, mode))
				.satisfies((ex) -> caught[0] = ex);
		}
		return caught[0];
	}

	/** {@code module.name} called on {@code ('echo pwned',)}, as protocol 2 writes it. */
	private static byte[] call(String module, String name) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes("8002"));
		out.write('c');
		out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(bytes("580a000000")); // BINUNICODE of 10 bytes
		out.writeBytes("echo pwned".getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(bytes("85522e")); // TUPLE1 REDUCE STOP
		return out.toByteArray();
	}

	@ParameterizedTest
	@CsvSource({ "__builtin__,eval,builtins.eval", "subprocess,getoutput,subprocess.getoutput", "os,system,os.system",
			"posix,system,posix.system", "collections,Counter,collections.Counter", "builtins,exec,builtins.exec" })
	void codeExecutionGlobalsAreNeverCalled(String module, String name, String shown) {
		assertThat(refused(call(module, name))).hasMessageContaining("REDUCE of " + shown)
			.hasMessageContaining("nothing is called");
	}

	@Test
	void inAnErrorTheyAreDescriptorsThatNothingConstructs() {
		PickledException descriptor = (PickledException) PickleReader.read(call("os", "system"), 1000, 500,
				PickleReader.Mode.ERROR);
		assertThat(descriptor.qualifiedName()).isEqualTo("os.system");
		assertThat(descriptor.args()).containsExactly("echo pwned");
	}

	@Test
	void aGlobalAloneIsNotAValue() {
		assertThat(refused(bytes("8002" + "63" + hex("os\nsystem\n") + "2e"))).hasMessageContaining("os.system");
	}

	@Test
	void persistentIdsAreRefused() {
		assertThat(refused(bytes("8004" + "8c0131" + "51" + "2e"))).hasMessageContaining("persistent id");
		assertThat(refused(bytes("8004" + "50" + hex("1\n") + "2e"))).hasMessageContaining("persistent id");
	}

	@Test
	void extensionCodesAreRefused() {
		assertThat(refused(bytes("8004" + "8201" + "2e"))).hasMessageContaining("extension code");
		assertThat(refused(bytes("8004" + "830100" + "2e"))).hasMessageContaining("extension code");
		assertThat(refused(bytes("8004" + "8401000000" + "2e"))).hasMessageContaining("extension code");
	}

	@Test
	void instObjAndBuffersAreRefused() {
		assertThat(refused(bytes("8002" + "28" + "69" + hex("os\nsystem\n") + "2e"))).hasMessageContaining("by name");
		assertThat(refused(bytes("8002" + "28" + "63" + hex("os\nsystem\n") + "6f2e"))).hasMessageContaining("by name");
		assertThat(refused(bytes("8005" + "97" + "2e"))).hasMessageContaining("out-of-band");
	}

	@Test
	void hugeDeclaredLengthsAreCheckedBeforeAllocating() {
		// 2^62 little-endian: 00 00 00 00 00 00 00 40
		assertThat(refused(bytes("8004" + "8e" + "0000000000000040" + "2e")))
			.hasMessageContaining("BINBYTES8 declares 4611686018427387904 bytes");
		assertThat(refused(bytes("8004" + "8d" + "0000000000000040" + "2e")))
			.hasMessageContaining("BINUNICODE8 declares 4611686018427387904 bytes");
		assertThat(refused(bytes("8004" + "8b" + "ffffff7f" + "2e")))
			.hasMessageContaining("LONG4 declares 2147483647 bytes");
		assertThat(refused(bytes("8004" + "8e" + "ffffffffffffffff" + "2e")))
			.hasMessageContaining("BINBYTES8 declares");
	}

	@Test
	void oneHundredThousandNestedListsAreRefused() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes("8004"));
		out.writeBytes("]".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
		out.writeBytes("a".repeat(99_999).getBytes(StandardCharsets.US_ASCII));
		out.write('.');
		assertThat(refused(out.toByteArray())).hasMessageContaining("nested deeper than 500");
	}

	@Test
	void aSharedReferenceBombIsBoundedByTheValuesProducedNotTheMemo() {
		// l = [0] * 1000, then [l] * 100_000: a 200 KB pickle of 10^8 values
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes("8004" + "5d94" + "28"));
		for (int i = 0; i < 1000; i++) {
			out.writeBytes(bytes("4b00"));
		}
		out.writeBytes(bytes("65" + "30")); // APPENDS, POP: l is only in the memo now
		out.writeBytes(bytes("5d"));
		for (int batch = 0; batch < 100; batch++) {
			out.write('(');
			for (int i = 0; i < 1000; i++) {
				out.writeBytes(bytes("6800")); // BINGET 0
			}
			out.write('e');
		}
		out.write('.');
		byte[] bomb = out.toByteArray();
		assertThat(bomb.length).isLessThan(250_000);
		assertThat(refused(bomb)).hasMessageContaining("counting each shared reference");
	}

	@Test
	void aListThatHoldsItselfIsRefused() {
		assertThat(refused(bytes("8004" + "5d94" + "6800" + "61" + "2e"))).hasMessageContaining("nested deeper");
	}

	@Test
	void aListThatHoldsItselfThroughDupIsRefused() {
		// EMPTY_LIST, DUP, APPEND: no memo, only two values pushed
		assertThat(refused(bytes("8004" + "5d" + "32" + "61" + "2e"))).hasMessageContaining("nested deeper");
	}

	@Test
	void aSharedReferenceBombThroughDupIsBounded() {
		// l = [0] * 1000, then DUP it 10,000 times and collect the copies in a list
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes("8004" + "5d" + "28"));
		out.writeBytes(bytes("5d" + "28"));
		for (int i = 0; i < 1000; i++) {
			out.writeBytes(bytes("4b00"));
		}
		out.writeBytes(bytes("65"));
		for (int i = 0; i < 10_000; i++) {
			out.writeBytes(bytes("32")); // DUP
		}
		out.writeBytes(bytes("65" + "2e"));
		assertThat(refused(out.toByteArray())).hasMessageContaining("counting each shared reference");
	}

	@Test
	void fiveHundredAndOneNestedListsAreRefusedAndFiveHundredAreRead() {
		assertThat(refused(HostileFramesOverTcpTests.nestedLists(501))).hasMessageContaining("nested deeper than 500");
		assertThat(
				PickleReader.read(HostileFramesOverTcpTests.nestedLists(500), 1_000_000, 500, PickleReader.Mode.VALUE))
			.isInstanceOf(List.class);
	}

	@Test
	void aTupleKeyOfManySharedListsIsWalkedBeforeItIsHashed() {
		// d = {}; k = ([1]*...)... a list as a key is unhashable in Python, and refused
		assertThat(refused(bytes("8004" + "7d94" + "5d94" + "4b01" + "61" + "4b02" + "73" + "2e")))
			.hasMessageContaining("unhashable");
	}

	@Test
	void protocolsBefore2AndTextOpcodesAreRefused() {
		assertThat(refused(bytes("4e2e"))).hasMessageContaining("protocol 2 or later");
		assertThat(refused(bytes("8001" + "4e2e"))).hasMessageContaining("pickle protocol 1");
		assertThat(refused(bytes("8002" + "49" + hex("1\n") + "2e"))).hasMessageContaining("does not accept");
	}

	@Test
	void aMemoReadBeforeItIsWrittenIsRefused() {
		assertThat(refused(bytes("8004" + "6805" + "2e"))).hasMessageContaining("memo entry 5");
	}

	@Test
	void trailingBytesAndMissingStopAreRefused() {
		assertThat(refused(bytes("80044e2e4e"))).hasMessageContaining("after STOP");
		assertThat(refused(bytes("80044e"))).hasMessageContaining("ends before STOP");
		assertThat(refused(bytes("80044e4e2e"))).hasMessageContaining("not one value");
	}

	@Test
	void decimalsNoBigDecimalHoldsAreRefused() {
		for (String text : new String[] { "NaN", "Infinity", "-Infinity", "sNaN", "-0", "1E+999999999" }) {
			byte[] text8 = text.getBytes(StandardCharsets.US_ASCII);
			String pickle = "8004" + "63" + hex("decimal\nDecimal\n") + "8c" + String.format("%02x", text8.length)
					+ hex(text) + "85522e";
			assertThat(refused(bytes(pickle))).hasMessageContaining("Decimal");
		}
	}

	@Test
	void newObjWithArgumentsAndBuildOnAValueAreRefused() {
		assertThat(refused(bytes("8004" + "63" + hex("a\nB\n") + "4b0185812e"))).hasMessageContaining("with arguments");
		assertThat(refused(bytes("8004" + "4b01" + "7d" + "622e"))).hasMessageContaining("BUILD on");
	}

	private static String hex(String text) {
		return java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
	}

}
