/**
 * The RabbitMQ broker: calls and executes tasks on patio-rabbitmq's queues (one queue per
 * task name, the {@code rpc.dlx} dead-letter exchange, a reply queue per broker), so that
 * Java and Python workers and callers share one RabbitMQ.
 */
@NullMarked
package io.patio.broker.rabbitmq;

import org.jspecify.annotations.NullMarked;
