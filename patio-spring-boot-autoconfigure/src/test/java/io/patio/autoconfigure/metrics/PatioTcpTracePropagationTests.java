package io.patio.autoconfigure.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.patio.autoconfigure.ObservedTasks;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpServerBroker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Over TCP, the worker's span continues the caller's trace: the caller's tracer writes
 * the W3C {@code traceparent} into the REQUEST's headers and the worker reads it back.
 * The two applications share one test tracer so that both spans can be compared.
 */
class PatioTcpTracePropagationTests {

	private final SimpleTracer tracer = new SimpleTracer();

	private ApplicationContextRunner peer(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PatioAutoConfiguration.class, PatioObservationAutoConfiguration.class))
			.withUserConfiguration(ObservedTasks.ObservedTasksConfiguration.class, TracingTestConfiguration.class)
			.withBean(SimpleTracer.class, () -> this.tracer)
			.withPropertyValues("patio.broker.tcp.key=trace-test-key")
			.withPropertyValues(properties);
	}

	@Test
	void theWorkersSpanOverTcpHasTheCallersTraceId() {
		peer("patio.broker.type=tcp-server", "patio.broker.tcp.listen=127.0.0.1:0").run((worker) -> {
			int port = ((TcpServerBroker) worker.getBean(PatioBroker.class)).getPort();
			peer("patio.broker.type=tcp-client", "patio.executor.type=none",
					"patio.broker.tcp.connect=127.0.0.1:" + port)
				.run((caller) -> {
					PatioBroker broker = caller.getBean(PatioBroker.class);
					assertThat(broker.call("mul", Integer.class, 6, 7).get(10, TimeUnit.SECONDS)).isEqualTo(42);
					await().atMost(Duration.ofSeconds(5))
						.until(() -> this.tracer.getSpans()
							.stream()
							.filter((span) -> span.getName().endsWith("mul"))
							.count() == 2);
					SimpleSpan callerSpan = span(Span.Kind.CLIENT);
					SimpleSpan workerSpan = span(Span.Kind.SERVER);
					assertThat(callerSpan.getTags()).containsEntry("broker.type", "tcp-client");
					assertThat(workerSpan.getTags()).containsEntry("broker.type", "tcp-server");
					assertThat(workerSpan.getTraceId()).isEqualTo(callerSpan.getTraceId());
					assertThat(workerSpan.getParentId()).isEqualTo(callerSpan.getSpanId());
				});
		});
	}

	private SimpleSpan span(Span.Kind kind) {
		return this.tracer.getSpans()
			.stream()
			.filter((span) -> span.getKind() == kind && span.getName().endsWith("mul"))
			.findFirst()
			.orElseThrow();
	}

}
