package io.patio.autoconfigure.endpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.patio.actuate.endpoint.PatioKeySanitizingFunction;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
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
			.addFirst(new MapPropertySource("new", Map.of("patio.broker.tcp.key", "secret-and-more-text")));
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource("old", Map.of("PATIO_BROKER_TCP_KEY", "old-key-of-the-app")));
		Sanitizer sanitizer = sanitizer(environment, "bound-key-of-the-app");
		assertThat(
				sanitizer.sanitize(
						new SanitizableData(null, "cmd",
								"a secret-and-more-text b old-key-of-the-app c bound-key-of-the-app d secret-and-more"),
						true))
			.isEqualTo("a ****** b ****** c ****** d secret-and-more");
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

	@Test
	void aKeyShorterThanTwelveCharactersMasksTheWholeValueThatContainsIt() {
		Sanitizer sanitizer = sanitizer(environmentWithKey("17"), "17");
		assertThat(sanitizer.sanitize(new SanitizableData(null, "java.version", "17.0.17"), true))
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(sanitizer.sanitize(new SanitizableData(null, "user.dir", "/srv/app"), true)).isEqualTo("/srv/app");
		assertThat(sanitizer.sanitize(new SanitizableData(null, "patio.broker.tcp.key", "17"), true))
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(sanitizer(environmentWithKey("prod-secret"), "prod-secret")
			.sanitize(new SanitizableData(null, "cmd", "java -Dk=prod-secret -jar app.jar"), true))
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(sanitizer(environmentWithKey("prod-secret!"), "prod-secret!")
			.sanitize(new SanitizableData(null, "cmd", "java -Dk=prod-secret! -jar app.jar"), true))
			.isEqualTo("java -Dk=****** -jar app.jar");
	}

	@Test
	void aPropertySourceAddedOrAKeyChangedAtRuntimeIsMaskedAtTheNextValue() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> mutable = new HashMap<>(Map.of("patio.broker.tcp.key", "first-key-of-the-app"));
		environment.getPropertySources().addFirst(new MapPropertySource("mutable", mutable));
		Map<String, Object> target = new HashMap<>(Map.of("patio.test.secret", "placeholder-target-one"));
		environment.getPropertySources().addLast(new MapPropertySource("target", target));
		environment.getPropertySources()
			.addLast(new MapPropertySource("config", Map.of("patio.broker.tcp.key", "${patio.test.secret}")));
		Sanitizer sanitizer = sanitizer(environment, null);
		assertThat(sanitizer.sanitize(new SanitizableData(null, "cmd", "a first-key-of-the-app b"), true))
			.isEqualTo("a ****** b");
		environment.getPropertySources()
			.addLast(new MapPropertySource("late", Map.of("patio.broker.tcp.key", "key-added-at-runtime")));
		assertThat(sanitizer.sanitize(new SanitizableData(null, "cmd", "a key-added-at-runtime b"), true))
			.isEqualTo("a ****** b");
		mutable.put("patio.broker.tcp.key", "key-changed-in-place");
		assertThat(sanitizer.sanitize(new SanitizableData(null, "cmd", "a key-changed-in-place b"), true))
			.isEqualTo("a ****** b");
		target.put("patio.test.secret", "placeholder-target-two");
		assertThat(sanitizer.sanitize(new SanitizableData(null, "cmd", "a placeholder-target-two b"), true))
			.isEqualTo("a ****** b");
		environment.getPropertySources().remove("late");
		assertThat(sanitizer.sanitize(new SanitizableData(null, "cmd", "a key-added-at-runtime b"), true))
			.isEqualTo("a key-added-at-runtime b");
	}

	@Test
	void aValueCostsOneLookUpOfTheKeyPerPropertySource() {
		StandardEnvironment environment = new StandardEnvironment();
		AtomicInteger lookUps = new AtomicInteger();
		environment.getPropertySources().addFirst(new PropertySource<Object>("counting", new Object()) {

			@Override
			public Object getProperty(String name) {
				if ("patio.broker.tcp.key".equals(name)) {
					lookUps.incrementAndGet();
					return "counted-secret-value";
				}
				return null;
			}

		});
		Sanitizer sanitizer = sanitizer(environment, null);
		int values = 100;
		for (int i = 0; i < values; i++) {
			assertThat(sanitizer.sanitize(new SanitizableData(null, "p" + i, "x counted-secret-value " + i), true))
				.isEqualTo("x ****** " + i);
		}
		// the texts are computed once (a few look-ups), then checked with one per value
		assertThat(lookUps.get()).isLessThanOrEqualTo(values + 5);
	}

	private static StandardEnvironment environmentWithKey(String key) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("key", Map.of("patio.broker.tcp.key", key)));
		return environment;
	}

	private static Sanitizer sanitizer(StandardEnvironment environment, String boundKey) {
		PatioKeySanitizingFunction function = new PatioKeySanitizingFunction(environment, () -> boundKey, List::of);
		return new Sanitizer(List.<SanitizingFunction>of(function));
	}

}
