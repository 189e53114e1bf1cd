package io.patio.autoconfigure;

import io.patio.serializer.cbor.CborSerializer;
import io.patio.serializer.JsonSerializer;
import io.patio.serializer.Serializer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One configuration per value of {@code patio.broker.tcp.serializer}, each contributing
 * its value and, when selected, the {@link Serializer} bean the TCP brokers encode with.
 * An application's own {@code Serializer} bean replaces it.
 */
final class TcpSerializerConfigurations {

	private TcpSerializerConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	static class Json {

		@Bean
		PatioTypeContribution patioJsonSerializerType() {
			return PatioTypeContribution.tcpSerializer("json", KnownPatioTypes.CORE);
		}

		@Bean
		@ConditionalOnPatioType(property = PatioTypeContribution.TCP_SERIALIZER, value = "json", matchIfMissing = true)
		@ConditionalOnMissingBean(Serializer.class)
		Serializer patioTcpSerializer() {
			return JsonSerializer.INSTANCE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.patio.serializer.cbor.CborSerializer")
	static class Cbor {

		@Bean
		PatioTypeContribution patioCborSerializerType() {
			return PatioTypeContribution.tcpSerializer("cbor", KnownPatioTypes.TCP);
		}

		@Bean
		@ConditionalOnPatioType(property = PatioTypeContribution.TCP_SERIALIZER, value = "cbor")
		@ConditionalOnMissingBean(Serializer.class)
		Serializer patioTcpSerializer() {
			return CborSerializer.INSTANCE;
		}

	}

	/** Python's pickle, from {@code io.patio:patio-pickle}, for Python patio peers. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.patio.serializer.pickle.PickleSerializer")
	static class Pickle {

		@Bean
		PatioTypeContribution patioPickleSerializerType() {
			return PatioTypeContribution.tcpSerializer("pickle", KnownPatioTypes.PICKLE);
		}

		@Bean
		@ConditionalOnPatioType(property = PatioTypeContribution.TCP_SERIALIZER, value = "pickle")
		@ConditionalOnMissingBean(Serializer.class)
		Serializer patioTcpSerializer() {
			return Serializer.forName("pickle");
		}

	}

}
