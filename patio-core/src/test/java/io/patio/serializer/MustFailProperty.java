package io.patio.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A property that is false, run only by {@link JqwikEngineTests} (its name matches none
 * of Surefire's test patterns, so the build never runs it on its own). It claims what the
 * JSON decoder used to assume: that a decimal survives a trip through a {@code double}.
 * jqwik must find a counterexample; if it ever did not, the engine would not be running
 * properties at all.
 */
class MustFailProperty {

	static final String NAME = "aDecimalSurvivesADouble";

	@Property(tries = 100)
	void aDecimalSurvivesADouble(@ForAll long unscaled, @ForAll byte scale) {
		BigDecimal decimal = BigDecimal.valueOf(unscaled, scale);
		assertThat(new BigDecimal(Double.toString(decimal.doubleValue()))).isEqualTo(decimal);
	}

}
