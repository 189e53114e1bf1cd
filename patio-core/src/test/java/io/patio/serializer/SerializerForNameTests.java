package io.patio.serializer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link Serializer#forName(String)} with patio-core alone on the class path: JSON is
 * built in; CBOR is not here, and the error says which artifact brings it.
 */
class SerializerForNameTests {

	@Test
	void jsonIsBuiltInAndTheDefault() {
		assertThat(Serializer.forName("json")).isSameAs(JsonSerializer.INSTANCE);
		assertThat(Serializer.forName(" JSON ")).isSameAs(JsonSerializer.INSTANCE);
		assertThat(Serializer.forName(null)).isSameAs(JsonSerializer.INSTANCE);
		assertThat(Serializer.forName("")).isSameAs(JsonSerializer.INSTANCE);
	}

	@Test
	void cborWithoutPatioTcpNamesTheArtifactToAdd() {
		assertThatIllegalArgumentException().isThrownBy(() -> Serializer.forName("cbor"))
			.withMessage("Serializer 'cbor' is provided by io.patio:patio-tcp, which is not on the class path; add it");
	}

	@Test
	void pickleWithoutPatioPickleNamesTheArtifactToAdd() {
		assertThatIllegalArgumentException().isThrownBy(() -> Serializer.forName("pickle"))
			.withMessage(
					"Serializer 'pickle' is provided by io.patio:patio-pickle, which is not on the class path; add it");
	}

	@Test
	void anUnknownNameListsTheValidOnesAndWhereTheOthersAre() {
		assertThatIllegalArgumentException().isThrownBy(() -> Serializer.forName("xml"))
			.withMessage("Unknown serializer 'xml'; use one of [json], or 'cbor' with io.patio:patio-tcp,"
					+ " or 'pickle' with io.patio:patio-pickle");
	}

}
