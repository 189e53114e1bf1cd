package io.patio.serializer.pickle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks {@link PythonGlobals} makes of a global's names. */
class PythonGlobalsTests {

	/** The rule the check without a regular expression must keep exactly. */
	private static final Pattern DOTTED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private static final char[] ALPHABET = { 'a', 'Z', '_', '0', '9', '.', '-', 'é', '\n', '/', '`', '{', '@', '[',
			':' };

	@Test
	void aDottedNameIsCheckedAsTheRegularExpressionWouldForEveryStringOfUpToFourCharacters() {
		List<String> strings = new ArrayList<>();
		strings.add("");
		List<String> last = List.of("");
		for (int length = 1; length <= 4; length++) {
			List<String> next = new ArrayList<>();
			for (String prefix : last) {
				for (char c : ALPHABET) {
					next.add(prefix + c);
				}
			}
			strings.addAll(next);
			last = next;
		}
		assertThat(strings).hasSizeGreaterThan(50_000);
		for (String text : strings) {
			assertThat(PythonGlobals.isDottedName(text)).as("'%s'", text)
				.isEqualTo(DOTTED_NAME.matcher(text).matches());
		}
	}

	@Test
	void realNamesAreDottedNames() {
		assertThat(PythonGlobals.isDottedName("patio.broker.tcp.broker")).isTrue();
		assertThat(PythonGlobals.isDottedName("CallRequest")).isTrue();
		assertThat(PythonGlobals.isDottedName("__builtin__")).isTrue();
		assertThat(PythonGlobals.isDottedName("os.path.join")).isTrue();
		assertThat(PythonGlobals.isDottedName("os..path")).isFalse();
		assertThat(PythonGlobals.isDottedName("1os")).isFalse();
		assertThat(PythonGlobals.isDottedName("os.1")).isFalse();
		assertThat(PythonGlobals.isDottedName("os system")).isFalse();
	}

	@Test
	void theListedGlobalsAreKnownByModuleAndName() {
		assertThat(PythonGlobals.isListed(new PythonGlobals.Global("datetime", "datetime"))).isTrue();
		assertThat(PythonGlobals.isListed(new PythonGlobals.Global("_codecs", "encode"))).isTrue();
		assertThat(PythonGlobals.isListed(new PythonGlobals.Global("collections", "OrderedDict"))).isTrue();
		assertThat(PythonGlobals.isListed(new PythonGlobals.Global("builtins", "eval"))).isFalse();
		assertThat(PythonGlobals.isListed(new PythonGlobals.Global("builtins.set", ""))).isFalse();
		assertThat(PythonGlobals.isListed(new PythonGlobals.Global("", "builtins.set"))).isFalse();
	}

}
