package io.patio.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@link PlainNodes} against the strict mapper it stands in for: whatever it answers is
 * what the mapper makes of the node, and it answers for the pairs it claims.
 */
class PlainNodesTests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final List<Class<?>> TYPES = List.of(Integer.class, Long.class, String.class, Boolean.class,
			Short.class, Double.class, BigInteger.class, Object.class);

	@Provide
	Arbitrary<JsonNode> nodes() {
		return Arbitraries.oneOf(Arbitraries.integers().map(NODES::numberNode),
				Arbitraries.longs().map(NODES::numberNode),
				Arbitraries.strings().ofMaxLength(20).map(NODES::stringNode),
				Arbitraries.of(true, false).map(NODES::booleanNode),
				Arbitraries.bigIntegers()
					.between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
					.map(NODES::numberNode),
				Arbitraries.doubles().map(NODES::numberNode),
				Arbitraries.bigDecimals().ofScale(3).map((BigDecimal d) -> NODES.numberNode(d)),
				Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5).map(NODES::stringNode));
	}

	@Property(tries = 2000)
	void answersWhatTheMapperAnswers(@ForAll("nodes") JsonNode node) {
		for (Class<?> type : TYPES) {
			Object plain = PlainNodes.valueOf(node, type);
			if (plain == null) {
				continue;
			}
			Object mapped;
			try {
				mapped = WireMapper.json().treeToValue(node, type);
			}
			catch (JacksonException ex) {
				throw new AssertionError(
						"The mapper refuses " + node + " as " + type.getName() + " but PlainNodes answered " + plain,
						ex);
			}
			assertThat(plain).as("%s as %s", node, type.getName()).isEqualTo(mapped).hasSameClassAs(mapped);
		}
	}

	@Property(tries = 500)
	void answersForThePlainPairs(@ForAll int i, @ForAll long l, @ForAll String s, @ForAll boolean b) {
		assertThat(PlainNodes.valueOf(NODES.numberNode(i), Integer.class)).isEqualTo(i);
		assertThat(PlainNodes.valueOf(NODES.numberNode(i), Long.class)).isEqualTo((long) i);
		assertThat(PlainNodes.valueOf(NODES.numberNode(l), Long.class)).isEqualTo(l);
		assertThat(PlainNodes.valueOf(NODES.stringNode(s), String.class)).isEqualTo(s);
		assertThat(PlainNodes.valueOf(NODES.booleanNode(b), Boolean.class)).isEqualTo(b);
		// a long does not become an int, a number not a string: the mapper decides
		assertThat(PlainNodes.valueOf(NODES.numberNode(l), Integer.class)).isNull();
		assertThat(PlainNodes.valueOf(NODES.numberNode(i), String.class)).isNull();
		assertThat(PlainNodes.valueOf(NODES.stringNode(s), Integer.class)).isNull();
	}

}
