/**
 * Spring Boot auto-configuration of the RabbitMQ broker
 * ({@code patio.broker.type=rabbitmq}): the connection from Boot's own
 * {@code spring.rabbitmq.*}, patio's settings from {@code patio.broker.rabbitmq.*}.
 */
@NullMarked
package io.patio.autoconfigure.rabbitmq;

import org.jspecify.annotations.NullMarked;
