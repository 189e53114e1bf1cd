package io.patio.autoconfigure;

import io.patio.broker.MemoryBroker;
import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;
import io.patio.executor.PatioExecutor;
import io.patio.serializer.Serializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One configuration per value of {@code patio.broker.type}, each contributing its value
 * and, when selected, the broker. {@link PatioAutoConfiguration} imports them in order.
 */
final class PatioBrokerConfigurations {

	private PatioBrokerConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	static class Memory {

		@Bean
		PatioTypeContribution patioMemoryBrokerType() {
			return PatioTypeContribution.broker("memory", KnownPatioTypes.CORE);
		}

		@Bean
		@ConditionalOnPatioType(property = PatioTypeContribution.BROKER_TYPE, value = "memory", matchIfMissing = true)
		@ConditionalOnMissingBean(PatioBroker.class)
		MemoryBroker patioBroker(PatioExecutor executor, PatioProperties properties) {
			return new OptionsFromProperties().with("patio.broker.timeout", properties.getBroker().getTimeout())
				.create(() -> new MemoryBroker(executor, properties.getBroker().getTimeout()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.patio.broker.tcp.TcpServerBroker")
	static class Tcp {

		@Bean
		PatioTypeContribution patioTcpServerBrokerType() {
			return PatioTypeContribution.broker("tcp-server", KnownPatioTypes.TCP);
		}

		@Bean
		PatioTypeContribution patioTcpClientBrokerType() {
			return PatioTypeContribution.broker("tcp-client", KnownPatioTypes.TCP);
		}

		@Bean("patioBroker")
		@ConditionalOnPatioType(property = PatioTypeContribution.BROKER_TYPE, value = "tcp-server")
		@ConditionalOnMissingBean(PatioBroker.class)
		TcpServerBroker patioTcpServerBroker(PatioExecutor executor, PatioProperties properties,
				ObjectProvider<SslBundles> sslBundles, Serializer serializer,
				ObjectProvider<TcpBrokerOptionsCustomizer> customizers) {
			return factory(properties, sslBundles, serializer, customizers).server(executor);
		}

		@Bean("patioBroker")
		@ConditionalOnPatioType(property = PatioTypeContribution.BROKER_TYPE, value = "tcp-client")
		@ConditionalOnMissingBean(PatioBroker.class)
		TcpClientBroker patioTcpClientBroker(PatioExecutor executor, PatioProperties properties,
				ObjectProvider<SslBundles> sslBundles, Serializer serializer,
				ObjectProvider<TcpBrokerOptionsCustomizer> customizers) {
			return factory(properties, sslBundles, serializer, customizers).client(executor);
		}

		private static TcpBrokerFactory factory(PatioProperties properties, ObjectProvider<SslBundles> sslBundles,
				Serializer serializer, ObjectProvider<TcpBrokerOptionsCustomizer> customizers) {
			return new TcpBrokerFactory(properties.getBroker(), sslBundles.getIfAvailable(), serializer,
					customizers.orderedStream().toList());
		}

	}

}
