package io.patio.benchmarks;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.annotation.EnableRabbit;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring AMQP's own request/reply, the baseline of the RabbitMQ rows: an
 * {@link AsyncRabbitTemplate} (direct reply-to) calling a {@code @RabbitListener}, with
 * the JSON payloads of patio-rabbitmq ({@code {"args": [6, 7], "kwargs": {}}} in,
 * {@code 42} out), on a listener container of {@link RabbitRows#WORKERS} consumers.
 */
final class SpringAmqpPeer {

	static final String QUEUE = "spring-amqp-mul";

	private SpringAmqpPeer() {
	}

	/** Starts the listener and the template on the node at {@code uri}. */
	static Load open(String uri, int prefetch) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean("patioBenchUri", URI.class, () -> URI.create(uri));
		context.registerBean("patioBenchPrefetch", Integer.class, () -> prefetch);
		context.register(Config.class);
		context.refresh();
		AsyncRabbitTemplate template = context.getBean(AsyncRabbitTemplate.class);
		Map<String, Object> arguments = RabbitRows.mulArguments();
		return new Load() {

			@Override
			public CompletableFuture<?> call() {
				return template.convertSendAndReceive("", QUEUE, arguments);
			}

			@Override
			public Object expected() {
				return 42;
			}

			@Override
			public void close() {
				context.close();
			}

		};
	}

	/** The listener: {@code mul} of the JSON arguments. */
	static class MulListener {

		@RabbitListener(queues = QUEUE, containerFactory = "benchContainerFactory")
		public int mul(Map<String, Object> call) {
			List<?> args = (List<?>) call.get("args");
			return ((Number) args.get(0)).intValue() * ((Number) args.get(1)).intValue();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRabbit
	static class Config {

		@Bean
		CachingConnectionFactory benchConnectionFactory(URI patioBenchUri) {
			CachingConnectionFactory factory = new CachingConnectionFactory(patioBenchUri);
			factory.setChannelCacheSize(64);
			return factory;
		}

		@Bean
		RabbitAdmin benchAdmin(CachingConnectionFactory factory) {
			return new RabbitAdmin(factory);
		}

		@Bean
		Queue benchQueue() {
			return new Queue(QUEUE, false, false, false);
		}

		@Bean
		JacksonJsonMessageConverter benchConverter() {
			return new JacksonJsonMessageConverter();
		}

		@Bean
		SimpleRabbitListenerContainerFactory benchContainerFactory(CachingConnectionFactory factory,
				JacksonJsonMessageConverter converter, Integer patioBenchPrefetch) {
			SimpleRabbitListenerContainerFactory containers = new SimpleRabbitListenerContainerFactory();
			containers.setConnectionFactory(factory);
			containers.setMessageConverter(converter);
			containers.setConcurrentConsumers(RabbitRows.WORKERS);
			containers.setPrefetchCount(patioBenchPrefetch);
			return containers;
		}

		@Bean
		MulListener benchListener() {
			return new MulListener();
		}

		@Bean(initMethod = "start", destroyMethod = "stop")
		AsyncRabbitTemplate benchTemplate(CachingConnectionFactory factory, JacksonJsonMessageConverter converter) {
			RabbitTemplate template = new RabbitTemplate(factory);
			template.setMessageConverter(converter);
			AsyncRabbitTemplate async = new AsyncRabbitTemplate(template);
			async.setReceiveTimeout(60_000);
			return async;
		}

	}

}
