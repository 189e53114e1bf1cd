package io.patio.serializer.cbor;

import io.patio.serializer.Serializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * With patio-tcp on the class path, {@code Serializer.forName("cbor")} finds the CBOR
 * serializer through {@link java.util.ServiceLoader}, by its name in any case.
 */
class CborServiceLoaderTests {

	@Test
	void cborIsFoundByName() {
		Serializer cbor = Serializer.forName("cbor");
		assertThat(cbor).isInstanceOf(CborSerializer.class);
		assertThat(cbor.getName()).isEqualTo("cbor");
		assertThat(Serializer.forName(" CBOR ")).isSameAs(cbor);
		assertThat(((JsonNode) cbor.decode(cbor.encode(new byte[] { 1, 2 }))).binaryValue()).containsExactly(1, 2);
	}

	@Test
	void anUnknownNameListsCborAmongTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Serializer.forName("xml"))
			.withMessage("Unknown serializer 'xml'; use one of [cbor, json], or 'pickle' with io.patio:patio-pickle");
	}

}
