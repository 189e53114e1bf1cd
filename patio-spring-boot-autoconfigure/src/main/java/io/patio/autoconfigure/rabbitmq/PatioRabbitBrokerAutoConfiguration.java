package io.patio.autoconfigure.rabbitmq;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import io.patio.autoconfigure.ConditionalOnPatioType;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.autoconfigure.PatioProperties;
import io.patio.autoconfigure.PatioTypeContribution;
import io.patio.broker.PatioBroker;
import io.patio.broker.rabbitmq.RabbitBroker;
import io.patio.broker.rabbitmq.RabbitBrokerOptions;
import io.patio.executor.PatioExecutor;

import org.springframework.amqp.rabbit.connection.RabbitConnectionFactoryBean;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionFactoryBeanConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@code patio.broker.type=rabbitmq}: a {@link RabbitBroker} on the connection Boot's
 * {@code spring.rabbitmq.*} describes (built by Boot's own
 * {@link RabbitConnectionFactoryBeanConfigurer}, so host, port, addresses, virtual host,
 * credentials and SSL mean what they mean in any Boot application), with its own settings
 * from {@code patio.broker.rabbitmq.*}.
 */
@AutoConfiguration(before = PatioAutoConfiguration.class, after = RabbitAutoConfiguration.class)
@ConditionalOnClass({ RabbitBroker.class, RabbitConnectionFactoryBeanConfigurer.class })
@EnableConfigurationProperties({ PatioProperties.class, PatioRabbitProperties.class })
public final class PatioRabbitBrokerAutoConfiguration {

	@Bean
	PatioTypeContribution patioRabbitBrokerType() {
		return PatioTypeContribution.broker("rabbitmq", "io.patio:patio-rabbitmq");
	}

	@Bean("patioBroker")
	@ConditionalOnPatioType(property = PatioTypeContribution.BROKER_TYPE, value = "rabbitmq")
	@ConditionalOnMissingBean(PatioBroker.class)
	RabbitBroker patioRabbitBroker(PatioExecutor executor, PatioProperties patio, PatioRabbitProperties rabbit,
			RabbitConnectionFactoryBeanConfigurer configurer, RabbitConnectionDetails connectionDetails)
			throws Exception {
		RabbitConnectionFactoryBean factoryBean = new RabbitConnectionFactoryBean();
		configurer.configure(factoryBean);
		factoryBean.afterPropertiesSet();
		ConnectionFactory factory = factoryBean.getObject();
		List<Address> addresses = connectionDetails.getAddresses()
			.stream()
			.map((address) -> new Address(address.host(), address.port()))
			.toList();
		return new RabbitBroker(executor, factory, addresses, options(patio, rabbit));
	}

	static RabbitBrokerOptions options(PatioProperties patio, PatioRabbitProperties rabbit) {
		Duration timeout = patio.getBroker().getTimeout();
		return new RabbitBrokerOptions(rabbit.getSerializer(), rabbit.getQueue().isDurable(),
				rabbit.getQueue().isAutoDelete(), arguments(rabbit.getQueue().getArguments()), rabbit.getRedelivered(),
				rabbit.getPrefetch(), rabbit.getMaxInFlight(), timeout);
	}

	private static Map<String, Object> arguments(Map<String, String> configured) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		configured.forEach((name, value) -> {
			if (value != null && value.matches("-?\\d{1,18}")) {
				arguments.put(name, Long.parseLong(value));
			}
			else {
				arguments.put(name, value);
			}
		});
		return arguments;
	}

}
