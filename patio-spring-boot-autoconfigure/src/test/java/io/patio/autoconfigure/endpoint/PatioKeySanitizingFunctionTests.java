package io.patio.autoconfigure.endpoint;

import java.util.List;
import java.util.Map;

import io.patio.actuate.endpoint.PatioKeySanitizingFunction;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The key's relaxed names and texts, as Actuator's {@link Sanitizer} applies them. */
class PatioKeySanitizingFunctionTests {

	@Test
	void everyRelaxedFormOfTheKeysNameIsMaskedAndNoOtherName() {
		Sanitizer sanitizer = sanitizer(new StandardEnvironment(), null);
		for (String name : List.of("patio.broker.tcp.key", "PATIO_BROKER_TCP_KEY", "patio_broker_tcp_key",
				"Patio.Broker.Tcp.KEY", "patio.broker.tcp.key[0]", "PATIO_BROKER_TCP_KEY_0_", "PATIO_WORKER_KEY")) {
			assertThat(sanitizer.sanitize(new SanitizableData(null, name, "anything"), true)).as(name)
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
		for (String name : List.of("patio.broker.tcp.keys", "patio.broker.tcp.listen", "patio.key", "key")) {
			assertThat(sanitizer.sanitize(new SanitizableData(null, name, "anything"), true)).as(name)
				.isEqualTo("anything");
		}
	}

	@Test
	void everyTextTheKeyHasIsReplacedLongestFirstAndOnlyThatText() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("new", Map.of("patio.broker.tcp.key", "secret-and-more")));
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource("old", Map.of("PATIO_BROKER_TCP_KEY", "old-key")));
		Sanitizer sanitizer = sanitizer(environment, "bound-key");
		assertThat(sanitizer
			.sanitize(new SanitizableData(null, "cmd", "a secret-and-more b old-key c bound-key d secret-and"), true))
			.isEqualTo("a ****** b ****** c ****** d secret-and");
		assertThat(sanitizer.sanitize(new SanitizableData(null, "cmd", "nothing secret"), true))
			.isEqualTo("nothing secret");
	}

	@Test
	void anEmptyKeyMasksNoText() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("empty", Map.of("patio.broker.tcp.key", "")));
		assertThat(sanitizer(environment, "").sanitize(new SanitizableData(null, "cmd", "some text"), true))
			.isEqualTo("some text");
	}

	private static Sanitizer sanitizer(StandardEnvironment environment, String boundKey) {
		PatioKeySanitizingFunction function = new PatioKeySanitizingFunction(environment, () -> boundKey, List::of);
		return new Sanitizer(List.<SanitizingFunction>of(function));
	}

}
